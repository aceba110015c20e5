import type { CommandHandler } from '../handler';

/** The scaffolding commands (New Custom Runtime, Add Dockerfile, Add Bootstrap, Add Sample Event). */
export const SCAFFOLD_COMMANDS: Readonly<Record<string, CommandHandler>> = {};
