// `npm run ric:install`: builds the official Node runtime interface client into its cache (once), so the
// emulator's conformance tests and bench can run it. CI calls this before the unit tests.
import { ensureAwsLambdaRic } from '../test/support/aws-lambda-ric';

ensureAwsLambdaRic().then(
  (folder) => console.log(`aws-lambda-ric is ready in ${folder}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
