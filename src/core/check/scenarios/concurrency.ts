// Lambda Managed Instances: AWS_LAMBDA_MAX_CONCURRENCY workers, each waiting on /next, several invocations at once.
import type { Scenario, Verdict } from '../types';

export const managedInstances: Scenario = {
  id: 'managed-instances',
  title: 'With AWS_LAMBDA_MAX_CONCURRENCY=4, keeps four invocations in flight at once',
  timeoutMs: 60_000,
  async run(): Promise<Verdict> {
    return {
      status: 'skip',
      evidence: 'This emulator has no Lambda Managed Instances mode (several /next at once from one runtime).',
    };
  },
};
