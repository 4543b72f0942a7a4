import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, startService } from '@sinergi/runtime';
import { rehabEnvSchema, REHAB_SECRETS } from './config.js';
import { rehabService } from './rehab.service.js';

const config = loadConfigOrExit(rehabEnvSchema, process.env, REHAB_SECRETS);
const service = await startService(rehabService(config), config);
closeOnSignals(service);
