/** The worker thread of a tuning sweep (dist/tune-worker.js): fits the configurations the pool sends it. */
import { parentPort, workerData } from 'node:worker_threads';
import { serveTuneWorker, type ExecutorData } from '../core/tune/executor';

if (parentPort) serveTuneWorker(parentPort, workerData as ExecutorData);
