// The import worker thread's entry (see IMPORT_WORKER_ENTRY): one document per thread.
import { importDocument } from './import-document.js';
import { serveWorkerJob } from './worker-runner.js';

serveWorkerJob(importDocument);
