import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { enforcementEnvSchema } from './config.js';
import { enforcementService } from './enforcement.service.js';

const config = loadConfigOrExit(enforcementEnvSchema);
const service = await startService(enforcementService(), config);
closeOnSignals(service);
