import { Injectable } from '@nestjs/common';
import { DomainError } from '@tc/kernel';
import { CommandPipeline } from '@tc/platform';
import { KnownDebtor, currentGrade, debtorDecider } from '../domain';
import { debtorStreamOf } from './debtor-stream';

/** What other contexts may know of a debtor (they never import its domain). */
export interface DebtorFacts {
  readonly debtorId: string;
  readonly country: string;
  readonly sector: string;
  readonly grade: number | null;
  /** Null while the debtor is not insolvent. */
  readonly insolvencyDate: string | null;
}

@Injectable()
export class DebtorsFacade {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** 404 NOT_FOUND when the debtor is unknown. */
  async get(debtorId: string): Promise<DebtorFacts> {
    const { state } = await this.pipeline.load(debtorStreamOf(debtorId), debtorDecider);
    if (state.status === 'UNKNOWN') throw new DomainError('NOT_FOUND', `no debtor ${debtorId}`);
    return factsOf(state);
  }
}

const factsOf = (debtor: KnownDebtor): DebtorFacts => ({
  debtorId: debtor.debtorId,
  country: debtor.country,
  sector: debtor.sector,
  grade: currentGrade(debtor),
  insolvencyDate: debtor.insolvency?.insolvencyDate ?? null,
});
