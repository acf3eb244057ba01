import { Query } from '@nestjs/cqrs';
import { StreamVerification } from '../../verification/history-verifier';

export class VerifyStreamQuery extends Query<StreamVerification> {
  constructor(readonly stream: string) {
    super();
  }
}
