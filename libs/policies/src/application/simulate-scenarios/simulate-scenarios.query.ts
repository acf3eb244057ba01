import { Query } from '@nestjs/cqrs';
import { ScenarioSimulation } from '../../domain/pricing';
import { SimulateScenariosDto } from './simulate-scenarios.dto';

export class SimulateScenariosQuery extends Query<ScenarioSimulation> {
  constructor(readonly body: SimulateScenariosDto) {
    super();
  }
}
