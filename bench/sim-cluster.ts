/**
 * The provider simulator as a small cluster: several processes accept on one port, as a
 * provider with parallel capacity would. The benchmark starts this as a child process and
 * reads the base URL from its first line of output. Options arrive as JSON in argv[2].
 */
import cluster from 'node:cluster';
import { startProviderSimulator, type SimulatorOptions } from '../testkit/provider-simulator';

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions & { workers?: number };

if (cluster.isPrimary) {
  const workers = options.workers ?? 2;
  let reported = false;
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    worker.on('message', (url: string) => {
      // Workers listening on port 0 in a cluster share the one port the primary picks.
      if (!reported) process.stdout.write(`${url}\n`);
      reported = true;
    });
  }
} else {
  const simulator = await startProviderSimulator(options);
  process.send?.(simulator.baseUrl('cohere'));
}
