import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { preventionEnvSchema, PREVENTION_SECRETS } from './config.js';
import { preventionService } from './prevention.service.js';

const config = loadConfigOrExit(preventionEnvSchema, process.env, PREVENTION_SECRETS);
const service = await startService(preventionService(), config);
closeOnSignals(service);
