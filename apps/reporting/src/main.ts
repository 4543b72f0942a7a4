import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { reportingEnvSchema, REPORTING_SECRETS } from './config.js';
import { reportingService } from './reporting.service.js';

const config = loadConfigOrExit(reportingEnvSchema, process.env, REPORTING_SECRETS);
const service = await startService(reportingService(config), config);
closeOnSignals(service);
