// Imported first by main.ts: V8 flags only apply to WebAssembly compiled after they are set.
import { setFlagsFromString } from 'node:v8';

/**
 * Keeps the shell parser's WebAssembly on V8's baseline compiler (Liftoff). Otherwise V8 optimises tree-sitter-bash's
 * lexer (one huge function) with TurboFan right after the first parses: about 1 s of CPU when the server starts,
 * taken from the editor as it opens the workspace and from the runtime of a first F5 (on 2 cores, a first F5 on
 * Python reached its breakpoint 0.7 s later). Liftoff's code parses 2× slower, which stays far inside the linter's
 * targets (`npm run bench:lint`). A V8 without the flag says so on stderr and goes on.
 */
setFlagsFromString('--liftoff-only');
