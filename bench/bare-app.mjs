// The P4 baseline: a minimal NestJS 12 + Fastify app with one route doing the same NATS
// request as the gateway's GET /v1/rehab/facilities: same subject, same signed request (the
// runtime's RpcClient with a CallSigner, as the gateway's `gateway` broker user: body `{ input }`,
// the correlation header, the Sinergi-Caller signature over principal, subject, request id and
// body hash), so the same bytes go on the wire and the same signing work is done; but no
// authentication, no validation, no logging, no rate limit, no idempotency.
// Started by bench/p1-p4-p5-stack.mjs as its own process with the gateway's environment from
// the namespace (ns.env('gateway')): PORT, NATS_URL, NATS_NKEY_SEED, NATS_PREFIX,
// CALLER_SIGNING_KEY.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { RehabRpc } from '@sinergi/contracts';
import { CallSigner, connectNats, NatsNames, parseSigningKey, RpcClient } from '@sinergi/runtime';

const RPC = 'RPC_CLIENT';
const principal = { sub: 'bench', agency: 'BNN', roles: ['rehab_officer'], region: '31.72' };

class BareController {
  constructor(client) {
    this.client = client;
  }

  async list(query) {
    const input = { regionCode: query.regionCode, limit: Number(query.limit ?? 20) };
    const reply = await this.client.request(RehabRpc.listFacilities, input, principal, randomUUID());
    return reply.ok ? reply.data : reply;
  }
}
// Decorators applied by hand (plain ESM has no decorator syntax).
Reflect.defineMetadata('design:paramtypes', [Object], BareController);
Inject(RPC)(BareController, undefined, 0);
Controller('bare')(BareController);
Query()(BareController.prototype, 'list', 0);
Get('facilities')(BareController.prototype, 'list', Object.getOwnPropertyDescriptor(BareController.prototype, 'list'));

if (!process.env.NATS_URL || !process.env.CALLER_SIGNING_KEY)
  throw new Error('bare-app needs the gateway environment of the namespace (NATS_URL, CALLER_SIGNING_KEY, ...)');
// The gateway's broker user and its call-signing key, exactly as its ServiceClient connects.
const nc = await connectNats(process.env, 'gateway', 'bench-bare');
const client = new RpcClient({
  nc,
  names: new NatsNames(process.env.NATS_PREFIX ?? ''),
  signer: new CallSigner(parseSigningKey(process.env.CALLER_SIGNING_KEY)),
  timeoutMs: 5000,
});
class BareModule {}
Module({ controllers: [BareController], providers: [{ provide: RPC, useValue: client }] })(BareModule);

const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: ['error'] });
const fastify = app.getHttpAdapter().getInstance();
fastify.get('/health/ready', async () => ({ status: 'ok' }));
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
console.log(JSON.stringify({ msg: 'bare ready', port: fastify.server.address().port }));
const stop = async () => {
  await app.close();
  await nc.drain().catch(() => undefined);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
