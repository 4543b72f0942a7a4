import { Controller, Get, Res } from '@nestjs/common';
import { runHealthChecks } from '@sinergi/runtime';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.js';
import { GatewayRedis } from '../http/redis.js';
import { ServiceClient } from '../upstream/service-client.js';

@Controller()
export class HealthController {
  constructor(
    private readonly services: ServiceClient,
    private readonly redis: GatewayRedis,
  ) {}

  @Get('health')
  @Public()
  health() {
    return { status: 'ok', service: 'gateway' };
  }

  @Get('health/live')
  @Public()
  live() {
    return { status: 'ok', service: 'gateway' };
  }

  @Get('health/ready')
  @Public()
  async ready(@Res() reply: FastifyReply) {
    const report = await runHealthChecks([
      {
        name: 'nats',
        check: async () => {
          if (!this.services.isConnected()) throw new Error('not connected');
        },
      },
      { name: 'redis', check: async () => void (await this.redis.client.ping()) },
    ]);
    return reply.code(report.status === 'ok' ? 200 : 503).send({ service: 'gateway', ...report });
  }
}
