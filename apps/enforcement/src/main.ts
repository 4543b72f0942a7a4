import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { enforcementEnvSchema, ENFORCEMENT_SECRETS } from './config.js';
import { enforcementService } from './enforcement.service.js';

const config = loadConfigOrExit(enforcementEnvSchema, process.env, ENFORCEMENT_SECRETS);
const service = await startService(enforcementService(), config);
closeOnSignals(service);
