import { Query } from '@nestjs/cqrs';
import { DebtorView } from './debtor.view';

export class GetDebtorQuery extends Query<DebtorView> {
  constructor(readonly debtorId: string) {
    super();
  }
}
