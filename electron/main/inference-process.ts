/**
 * The inference worker as an Electron utility process: its own OS process, so a model that
 * crashes ONNX Runtime cannot take the window's main process with it. Same worker module as
 * the Node hosts' worker thread (electron/inference/worker.ts).
 */
import { utilityProcess } from 'electron';
import type { StartWorker } from '../inference/client';
import type { WorkerReply } from '../inference/protocol';

export function utilityWorker(file: string): StartWorker {
  return () => {
    const child = utilityProcess.fork(file, [], { serviceName: 'Rerank Studio inference' });
    return {
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: WorkerReply) => listener(message)),
      onExit: (listener) => child.once('exit', (code) => listener(`exit code ${code}`)),
      stop: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          if (!child.kill()) resolve();
        }),
    };
  };
}
