import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { rehabEnvSchema } from './config.js';
import { rehabService } from './rehab.service.js';

const config = loadConfigOrExit(rehabEnvSchema);
const service = await startService(rehabService(config), config);
closeOnSignals(service);
