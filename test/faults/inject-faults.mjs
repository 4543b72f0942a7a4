/**
 * The fault suite's crash point, preloaded into a service process by the rig (test/faults/rig.ts
 * adds `--import` of this file to NODE_OPTIONS) and never by the stack or an image. With
 * SINERGI_KILL_AT=<channel> the process kills itself, SIGKILL with no clean-up, the first time
 * its code publishes on that `node:diagnostics_channel` channel. A subscriber runs synchronously
 * inside `publish`, so the process dies at that very point: nothing after it runs (the outbox
 * relay's points are OUTBOX_CHANNELS, packages/runtime/src/outbox.ts).
 */
import { subscribe } from 'node:diagnostics_channel';

const point = process.env.SINERGI_KILL_AT;
if (point) subscribe(point, () => process.kill(process.pid, 'SIGKILL'));
