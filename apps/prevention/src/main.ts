import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { preventionEnvSchema } from './config.js';
import { preventionService } from './prevention.service.js';

const config = loadConfigOrExit(preventionEnvSchema);
const service = await startService(preventionService(), config);
closeOnSignals(service);
