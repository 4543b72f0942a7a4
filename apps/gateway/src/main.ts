import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit } from '@sinergi/runtime';
import { gatewayEnvSchema } from './config.js';
import { startGateway } from './gateway.app.js';

const config = loadConfigOrExit(gatewayEnvSchema);
const gateway = await startGateway(config);
closeOnSignals(gateway);
