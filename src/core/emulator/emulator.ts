// The emulator: every function's pool of environments, the Invoke API in front of them, and the event stream.
import type { Emulator, EmulatorEvent, EmulatorOptions, InvokeRequest, InvokeResult, ResponseSink } from './types';
import { functionArn } from './ids';
import { Invocation } from './invocation';
import { resolveFunction, type ResolvedFunction } from './launch';
import { InvokeRequestError, tenantMismatch } from './lambda-errors';
import { MAX_REQUEST_BYTES } from './limits';
import { FunctionPool } from './pool';
import { closeServer } from './http-util';
import { type EmulatorCore, startInvokeApi } from './invoke-api';
import { removeMergedLayers, withMergedLayers } from './sandbox/environment';

/** The function name in `NAME`, `NAME:QUALIFIER`, `ACCOUNT:function:NAME` or a full function ARN. */
export function functionNameOf(reference: string): string {
  if (!reference.includes(':')) return reference;
  const marker = reference.indexOf(':function:');
  const rest = marker === -1 ? reference : reference.slice(marker + ':function:'.length);
  return rest.split(':')[0];
}

/**
 * Starts the Invoke API on 127.0.0.1 and one eagerly initialized environment per function. Init errors are not
 * thrown: as on Lambda, the first invocation gets them. Rejects only when the Invoke API cannot listen.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  if (!options.functions || options.functions.length === 0)
    throw new Error('The emulator needs at least one function.');
  const listeners = new Set<(event: EmulatorEvent) => void>();
  const emit = (event: EmulatorEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // a listener's bug never stops the emulator
      }
    }
  };
  const concurrency = Math.max(1, Math.floor(Number(options.concurrency) || 1));
  const pools = new Map<string, FunctionPool>();
  const resolved = options.functions.map(resolveFunction);
  const names = new Set<string>();
  for (const fn of resolved) {
    if (names.has(fn.name)) throw new Error(`Two functions are named '${fn.name}'.`);
    names.add(fn.name);
  }
  // A sandbox's /opt: the layers merged once for all of the function's environments.
  const prepared: ResolvedFunction[] = [];
  const removeLayers = () => prepared.forEach(removeMergedLayers);
  try {
    for (const fn of resolved) prepared.push(await withMergedLayers(fn));
  } catch (error) {
    removeLayers();
    throw error;
  }
  for (const fn of prepared) pools.set(fn.name, new FunctionPool(fn, concurrency, options.debug, emit));
  const first = pools.values().next().value as FunctionPool;
  let stopped = false;

  const core: EmulatorCore = {
    pool(name) {
      if (name === undefined && pools.size === 1) return first;
      const pool = name === undefined ? undefined : pools.get(functionNameOf(name));
      if (pool) return pool;
      if (options.anyName) return first;
      const arn = functionArn(first.fn.region, name === undefined ? '' : functionNameOf(name));
      throw new InvokeRequestError('ResourceNotFoundException', 404, `Function not found: ${arn}`);
    },
    begin(request, sink, hooks, mayWait) {
      if (stopped) throw new InvokeRequestError('ServiceException', 503, 'The emulator is stopped.');
      const pool = core.pool(request.functionName);
      if (request.payload.byteLength > MAX_REQUEST_BYTES) {
        throw new InvokeRequestError(
          'RequestEntityTooLargeException',
          413,
          `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
        );
      }
      const isolated = pool.fn.tenantIsolation;
      if (isolated !== undefined && isolated !== Boolean(request.tenantId))
        throw tenantMismatch(pool.fn.name, isolated);
      const invocation = new Invocation(pool.fn.name, request, sink, hooks);
      pool.submit(invocation, mayWait);
      return invocation;
    },
  };

  let listening;
  try {
    listening = await startInvokeApi(core, options.port ?? 0);
  } catch (error) {
    removeLayers();
    throw error;
  }
  const { server, port } = listening;
  // If this process ends without stop() (a crash, process.exit), no runtime may outlive it.
  const killAll = () => {
    for (const pool of pools.values()) pool.killNow();
    removeLayers();
  };
  process.on('exit', killAll);
  for (const pool of pools.values()) pool.warm();

  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    invoke(request: InvokeRequest, sink?: ResponseSink): Promise<InvokeResult> {
      try {
        return core.begin(request, sink).result;
      } catch (error) {
        return Promise.reject(error);
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reload(config) {
      if (stopped) return;
      const pool = pools.get(config.name);
      if (pool === undefined) throw new Error(`The emulator has no function named '${config.name}'.`);
      const next = await withMergedLayers(resolveFunction(config));
      const previous = pool.fn;
      prepared[prepared.indexOf(previous)] = next;
      await pool.replace(next);
      // The old /opt stays until the environments that mounted it have ended.
      removeMergedLayers(previous);
    },
    async recycle(functionName?: string) {
      if (stopped) return;
      const targets = functionName === undefined ? [...pools.values()] : [core.pool(functionName)];
      await Promise.all(targets.map((pool) => pool.recycle()));
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        await Promise.all([...pools.values()].map((pool) => pool.stop()));
        await closeServer(server, 200);
        removeLayers();
        process.off('exit', killAll);
      })();
      return stopping;
    },
  };
}
