/**
 * The Kubernetes export against the server it deploys: the command line the container runs (the
 * Dockerfile export's ENTRYPOINT with the Deployment's `args` in place of its CMD, as Kubernetes
 * combines them) is `serve` with arguments it accepts (workers included, one per core
 * requested), the Dockerfile's own CMD is too, the autoscaler scales that
 * Deployment, and both probes name routes the real server answers (server-attacks.test.ts
 * shows /livez staying 200 while /healthz turns 503 during a drain).
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportPipeline } from '../../../shared/export';
import { EXPORT_CASES } from '../../../shared/export/fixtures';
import { containerArgv } from '../../../testkit/export-checkers/container';
import { serve } from '../../../testkit/harness/server';
import { parseServeArgs } from './serve-command';

interface Probe {
  httpGet: { path: string; port: string };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & {
    replicas?: number;
    scaleTargetRef?: { kind: string; name: string };
    template?: {
      spec: {
        containers: {
          args: string[];
          readinessProbe: Probe;
          livenessProbe: Probe;
          resources: { requests: { cpu: string } };
        }[];
      };
    };
  };
}

describe('the Kubernetes export', () => {
  it('runs serve with arguments it accepts, is autoscaled, and probes routes that exist', async () => {
    const exported = exportPipeline(EXPORT_CASES.bm25, 'kubernetes');
    if (!exported.ok) throw new Error(exported.reason);
    const manifests = parseAllDocuments(exported.text).map((doc) => doc.toJS() as Manifest);
    const deployment = manifests.find((m) => m.kind === 'Deployment')!;
    const hpa = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec.scaleTargetRef).toMatchObject({
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    // The autoscaler owns the count: a replicas field would reset it on every apply.
    expect(deployment.spec.replicas).toBeUndefined();

    const container = deployment.spec.template!.spec.containers[0]!;
    const dockerfile = exportPipeline(EXPORT_CASES.bm25, 'dockerfile');
    if (!dockerfile.ok) throw new Error(dockerfile.reason);
    const serveCommand = (argv: string[]) => {
      expect(argv.slice(0, 3)).toEqual(['node', 'bin/rerank-studio.mjs', 'serve']);
      const options = parseServeArgs(argv.slice(3));
      if (options.help) throw new Error('parsed as --help');
      return options;
    };
    // In the pod: the image's ENTRYPOINT, then the Deployment's args in place of its CMD.
    const inPod = serveCommand(containerArgv(dockerfile.text, { args: container.args }));
    expect(inPod.workers).toBe(Number(container.resources.requests.cpu));
    expect(inPod).toMatchObject({ config: '/config', host: '0.0.0.0', port: 8787 });
    // Under `docker run`: ENTRYPOINT and CMD as the Dockerfile has them.
    expect(serveCommand(containerArgv(dockerfile.text))).toMatchObject({
      config: '/config',
      host: '0.0.0.0',
      port: 8787,
    });

    const served = await serve([EXPORT_CASES.bm25]);
    try {
      const probe = (p: Probe) => served.call(p.httpGet.path, undefined, { token: null });
      expect((await probe(container.readinessProbe)).status).toBe(200);
      expect((await probe(container.livenessProbe)).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});
