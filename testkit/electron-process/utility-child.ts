/**
 * Loaded (`--require`) into every utility process the double forks: gives it what Electron
 * gives a utility process (docs/api/parent-port.md, process.md): `process.parentPort`, an
 * EventEmitter whose 'message' events carry `{ data, ports }` and whose `postMessage` sends to
 * the parent; "Messages received on this port will be queued up until a handler is registered
 * for this event" (lib/utility/init.ts starts the port when the first 'message' listener is
 * added and pauses it when the last is removed). Electron loads the entry script with Node's ES
 * module loader (lib/utility/init.ts: runEntryPointWithESMLoader); Node does the same for an .mjs
 * entry such as the inference worker, so a missing one ends the process with the same "Cannot
 * find module". `process.type` is 'utility'. Node's own `process.send` is hidden: Electron's
 * utility processes have none. When the main process is gone, so is this one (Chromium ends a
 * utility process whose browser process has disconnected).
 */
import { EventEmitter } from 'node:events';

const send = process.send?.bind(process);
if (!send) throw new Error('utility-child runs in a child process with an IPC channel');

interface MessageEvent {
  data: unknown;
  ports: unknown[];
}
const port = Object.assign(new EventEmitter(), {
  postMessage(message: unknown) {
    send(message);
  },
});
const queued: MessageEvent[] = [];
const flush = () => {
  while (queued.length > 0 && port.listenerCount('message') > 0) {
    port.emit('message', queued.shift());
  }
};
port.on('newListener', (event) => {
  if (event === 'message') setImmediate(flush);
});
process.on('message', (data) => {
  queued.push({ data, ports: [] });
  flush();
});
process.on('disconnect', () => process.exit(0));
delete (process as { send?: unknown }).send;
Object.assign(process, { type: 'utility', parentPort: port });
