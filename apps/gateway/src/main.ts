import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit } from '@sinergi/runtime';
import { gatewayEnvSchema, gatewaySecrets } from './config.js';
import { startGateway } from './gateway.app.js';

const config = loadConfigOrExit(gatewayEnvSchema, process.env, gatewaySecrets());
const gateway = await startGateway(config);
closeOnSignals(gateway);
