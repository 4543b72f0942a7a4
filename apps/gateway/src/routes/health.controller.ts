import { Controller, Get, Res } from '@nestjs/common';
import { runHealthChecks } from '@sinergi/runtime';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.js';
import { GatewayRedis } from '../http/redis.js';
import { ServiceClient } from '../upstream/service-client.js';
import { z } from 'zod';
import { Doc } from '../openapi/doc.decorator.js';

const alive = z.object({ status: z.literal('ok'), service: z.literal('gateway') });
const readiness = z.object({
  service: z.literal('gateway'),
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(
    z.enum(['nats', 'redis']),
    z.object({ status: z.enum(['up', 'down']), error: z.string().max(500).optional() }),
  ),
});

@Controller()
export class HealthController {
  constructor(
    private readonly services: ServiceClient,
    private readonly redis: GatewayRedis,
  ) {}

  @Doc(null, { summary: 'Liveness', response: alive })
  @Get('health')
  @Public()
  health() {
    return { status: 'ok', service: 'gateway' };
  }

  @Doc(null, { summary: 'Liveness', response: alive })
  @Get('health/live')
  @Public()
  live() {
    return { status: 'ok', service: 'gateway' };
  }

  @Doc(null, { summary: 'Readiness: NATS and Redis reachable (503 when not)', response: readiness })
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
