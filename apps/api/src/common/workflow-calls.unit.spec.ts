import { Metadata, status } from '@grpc/grpc-js';
import { GatewayTimeoutException } from '@nestjs/common';
import { Client, Connection, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { submitUpdate } from '#workflows';
import { executeUpdate } from './workflow-calls.js';

/** A Temporal client whose update call ends as the SDK reports a call cut off before the workflow answered. */
function clientWhoseUpdateCallEnds(code: status, details: string): Client {
  const grpcError = Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
  return new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1' }),
    interceptors: {
      workflow: [{ startUpdate: () => Promise.reject(new WorkflowUpdateRPCTimeoutOrCancelledError(details, { cause: grpcError })) }],
    },
  });
}

describe('executeUpdate', () => {
  it.each([
    ['cancelled', status.CANCELLED, 'Call cancelled'],
    ['past its deadline', status.DEADLINE_EXCEEDED, 'Deadline exceeded'],
  ])('reports an update call %s as not confirmed yet (504), never as failed', async (_, code, details) => {
    const submission = {
      actor: { id: 'van.phong@sgddt', role: 'department', unit: 'SGDDT' },
      stageId: 'final-review',
      payload: { kind: 'report', summary: 'Tổng kết' },
    } as const;
    const call = executeUpdate(clientWhoseUpdateCallEnds(code, details), 'plan:p:unit:SGDDT', submitUpdate, [submission], {
      notFound: 'No such task',
      waitMs: 1000,
    });
    await expect(call).rejects.toBeInstanceOf(GatewayTimeoutException);
    await expect(call).rejects.toMatchObject({ response: { code: 'NOT_CONFIRMED_YET' } });
  });
});
