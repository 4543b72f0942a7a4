// The P4 baseline: a minimal NestJS 12 + Fastify app with one route doing the same NATS
// request as the gateway's GET /v1/rehab/facilities (same subject, same record shape with a
// principal and the correlation header) with no authentication, no validation, no logging.
// Started by bench/p1-p4-p5-stack.mjs as its own process; PORT, NATS_URL, NATS_PREFIX from env.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { Controller, Get, Inject, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Headers, RehabRpc } from '@sinergi/contracts';
import { firstValueFrom, timeout } from 'rxjs';

const NATS = 'NATS_CLIENT';
const subject = `${process.env.NATS_PREFIX ?? ''}${RehabRpc.listFacilities.subject}`;
const principal = { sub: 'bench', agency: 'BNN', roles: ['rehab_officer'], region: '31.72' };

class BareController {
  constructor(client) {
    this.client = client;
  }

  async list(query) {
    const h = natsHeaders();
    h.set(Headers.correlationId, randomUUID());
    const input = { regionCode: query.regionCode, limit: Number(query.limit ?? 20) };
    const record = new NatsRecordBuilder({ principal, input }).setHeaders(h).build();
    const reply = await firstValueFrom(this.client.send(subject, record).pipe(timeout(5000)));
    return reply.ok ? reply.data : reply;
  }
}
// Decorators applied by hand (plain ESM has no decorator syntax).
Reflect.defineMetadata('design:paramtypes', [Object], BareController);
Inject(NATS)(BareController, undefined, 0);
Controller('bare')(BareController);
Query()(BareController.prototype, 'list', 0);
Get('facilities')(BareController.prototype, 'list', Object.getOwnPropertyDescriptor(BareController.prototype, 'list'));

const client = new ClientNats({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',') });
class BareModule {}
Module({ controllers: [BareController], providers: [{ provide: NATS, useValue: client }] })(BareModule);

const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: ['error'] });
await client.connect();
const fastify = app.getHttpAdapter().getInstance();
fastify.get('/health/ready', async () => ({ status: 'ok' }));
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
console.log(JSON.stringify({ msg: 'bare ready', port: fastify.server.address().port }));
const stop = async () => {
  await app.close();
  await client.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
