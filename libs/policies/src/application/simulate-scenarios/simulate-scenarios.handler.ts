import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ScenarioSimulation, simulateScenarios } from '../../domain/pricing';
import { SimulateScenariosQuery } from './simulate-scenarios.query';

/** A pure computation: analysts may run it, and it records nothing. */
@QueryHandler(SimulateScenariosQuery)
export class SimulateScenariosHandler implements IQueryHandler<SimulateScenariosQuery, ScenarioSimulation> {
  async execute({ body: { comment: _comment, ...request } }: SimulateScenariosQuery): Promise<ScenarioSimulation> {
    return simulateScenarios(request);
  }
}
