import { corpus, describeEachDocument } from '../../../test/support/corpus.js';
import { itReadsTheSamePlanAsPasted } from '../../../test/support/paste-variants.js';

/** Every real plan of the folder (npm run test:corpus -- DIR) is read to the same plan however users paste it. */
describeEachDocument(corpus(), itReadsTheSamePlanAsPasted);
