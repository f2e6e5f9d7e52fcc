import { Global, Module } from '@nestjs/common';
import { IdempotencyRecords } from './idempotency-records.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/** Global so that @Idempotent() routes of every module get their interceptor and its records. */
@Global()
@Module({ providers: [IdempotencyRecords, IdempotencyInterceptor], exports: [IdempotencyRecords, IdempotencyInterceptor] })
export class IdempotencyModule {}
