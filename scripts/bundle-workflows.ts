/** Part of `npm run build`: bundles the compiled workflows once, for the worker (and the tests) to run. */
import { writeWorkflowBundle } from '#temporal';

console.log(`Workflow bundle: ${await writeWorkflowBundle()}`);
