import { Global, Module } from '@nestjs/common';
import { CommandPipeline } from './command-pipeline';

/** Provides the one command pipeline; the app supplies EVENT_STORE (its chosen adapter). */
@Global()
@Module({ providers: [CommandPipeline], exports: [CommandPipeline] })
export class CommandPipelineModule {}
