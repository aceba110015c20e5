// Deployment packages in the editor: build the zips Lambda runs, check any zip, and keep zips' findings in Problems.
import type { CommandHandler } from '../handler';
import { buildDeploymentPackage } from './build';
import { checkDeploymentPackage } from './check';

export { zipProblems } from './zip-problems';

export const PACKAGE_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'lambdaRuntime.buildDeploymentPackage': buildDeploymentPackage,
  'lambdaRuntime.checkDeploymentPackage': checkDeploymentPackage,
};
