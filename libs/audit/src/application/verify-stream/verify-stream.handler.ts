import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@tc/kernel';
import { HistoryVerifier, StreamVerification } from '../../verification/history-verifier';
import { VerifyStreamQuery } from './verify-stream.query';

/** The stream's hash chain, then its anchor outside the event store. */
@QueryHandler(VerifyStreamQuery)
export class VerifyStreamHandler implements IQueryHandler<VerifyStreamQuery, StreamVerification> {
  constructor(private readonly verifier: HistoryVerifier) {}

  async execute({ stream }: VerifyStreamQuery): Promise<StreamVerification> {
    const report = await this.verifier.verifyStream(stream);
    if (!report) throw new DomainError('NOT_FOUND', `no stream ${stream}`);
    return report;
  }
}
