import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';

/** The gateway's one Redis connection; keys are namespaced under REDIS_PREFIX. */
@Injectable()
export class GatewayRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.client = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    this.client.on('error', () => undefined);
  }

  key(...parts: string[]): string {
    return [this.config.REDIS_PREFIX, 'gw', ...parts].join(':');
  }

  async onApplicationShutdown() {
    this.client.disconnect();
  }
}
