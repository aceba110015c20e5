import type { CommandHandler } from '../handler';
import { addBootstrap } from './add-bootstrap';
import { addDockerfile } from './add-dockerfile';
import { addEvent } from './add-event';
import { newProject } from './new-project';

/** The scaffolding commands (New Custom Runtime, Add Dockerfile, Add Bootstrap, Add Sample Event). */
export const SCAFFOLD_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'lambdaRuntime.newProject': newProject,
  'lambdaRuntime.addDockerfile': addDockerfile,
  'lambdaRuntime.addBootstrap': addBootstrap,
  'lambdaRuntime.addEvent': addEvent,
};
