import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { reportingEnvSchema } from './config.js';
import { reportingService } from './reporting.service.js';

const config = loadConfigOrExit(reportingEnvSchema);
const service = await startService(reportingService(config), config);
closeOnSignals(service);
