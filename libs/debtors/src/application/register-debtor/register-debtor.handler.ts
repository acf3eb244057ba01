import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, DomainError } from '@tc/kernel';
import { CommandMetadata, CommandPipeline, CommandResponseBody, commandMetadata } from '@tc/platform';
import { RegisterDebtor, debtorDecider, debtorIdentityDecider, debtorIdentityStream } from '../../domain';
import { debtorCommandResponse } from '../debtor-response';
import { debtorStream } from '../debtor-stream';
import { RegisterDebtorCommand } from './register-debtor.command';

/**
 * Claims the legal identity first (its own stream, appended with no_stream: the one
 * uniqueness check that holds under concurrent requests and across API replicas), then
 * creates the debtor stream. If a crash ever left a claim without its debtor, the next
 * attempt at the same identity completes that registration before answering 409.
 */
@CommandHandler(RegisterDebtorCommand)
export class RegisterDebtorHandler implements ICommandHandler<RegisterDebtorCommand, CommandResponseBody> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ body, context }: RegisterDebtorCommand): Promise<CommandResponseBody> {
    const data: RegisterDebtor['data'] = {
      debtorId: randomUUID(),
      legalId: body.legalId.trim(),
      country: body.country,
      name: body.name.trim(),
      sector: body.sector,
      registeredAt: this.clock.now().toISOString(),
    };
    const metadata = commandMetadata({ ...context, ifMatch: undefined }, body.comment);
    try {
      await this.pipeline.execute({
        stream: debtorIdentityStream(data.legalId, data.country),
        decider: debtorIdentityDecider,
        command: { type: 'ClaimDebtorIdentity', data },
        metadata,
        effectiveDate: this.clock.today(),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DUPLICATE_DEBTOR') await this.completeInterrupted(data, metadata);
      throw error;
    }
    return debtorCommandResponse(data.debtorId, await this.register(data, metadata));
  }

  private register(data: RegisterDebtor['data'], metadata: CommandMetadata) {
    return this.pipeline.execute({
      stream: debtorStream(data.debtorId),
      decider: debtorDecider,
      command: { type: 'RegisterDebtor', data },
      metadata,
      effectiveDate: data.registeredAt.slice(0, 10),
    });
  }

  private async completeInterrupted(data: RegisterDebtor['data'], metadata: CommandMetadata): Promise<void> {
    const { state } = await this.pipeline.load(debtorIdentityStream(data.legalId, data.country), debtorIdentityDecider);
    const claim = state.claimedBy;
    if (!claim) return;
    const { revision } = await this.pipeline.load(debtorStream(claim.debtorId), debtorDecider);
    if (revision >= 0) return;
    await this.register(claim, metadata).catch((error: unknown) => {
      if (!(error instanceof DomainError && error.code === 'DUPLICATE_DEBTOR')) throw error; // completed concurrently
    });
  }
}
