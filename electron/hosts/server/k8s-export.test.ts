/**
 * The Kubernetes export against the server it deploys: the container's arguments are ones
 * `serve` accepts (workers included, one per core requested), the autoscaler scales that
 * Deployment, and both probes name routes the real server answers (server-attacks.test.ts
 * shows /livez staying 200 while /healthz turns 503 during a drain).
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportPipeline } from '../../../shared/export';
import { EXPORT_CASES } from '../../../shared/export/fixtures';
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
    expect(container.args[0]).toBe('serve');
    const options = parseServeArgs(container.args.slice(1));
    if (options.help) throw new Error('parsed as --help');
    expect(options.workers).toBe(Number(container.resources.requests.cpu));

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
