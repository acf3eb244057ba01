import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@tc/kernel';
import { CommandPipeline } from '@tc/platform';
import { debtorDecider } from '../../domain';
import { debtorStreamOf } from '../debtor-stream';
import { DebtorView, toDebtorView } from './debtor.view';
import { GetDebtorQuery } from './get-debtor.query';

/** Folds the debtor stream (short: identity, ratings, insolvency) until the read side has a debtor view. */
@QueryHandler(GetDebtorQuery)
export class GetDebtorHandler implements IQueryHandler<GetDebtorQuery, DebtorView> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ debtorId }: GetDebtorQuery): Promise<DebtorView> {
    const { state, revision } = await this.pipeline.load(debtorStreamOf(debtorId), debtorDecider);
    if (state.status === 'UNKNOWN') throw new DomainError('NOT_FOUND', `no debtor ${debtorId}`);
    return toDebtorView(state, revision);
  }
}
