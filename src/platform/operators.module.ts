import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { appConfig, type AppConfig } from '../config/configuration';
import { OperatorsService } from './operators.service';

export const FIRST_OPERATOR_HINT =
  'ยังไม่มีผู้ดูแลแพลตฟอร์ม / No platform operator yet: create the first with `npm run kasian -- create-operator --username U --email E` (prints a one-time link to set the password)';

/** Operators, for the web application and the command line. */
@Module({
  imports: [AuthModule],
  providers: [OperatorsService],
  exports: [OperatorsService],
})
export class OperatorsModule {}

/** At start-up in production, one log line says how to create the first operator while there is none. */
@Module({ imports: [OperatorsModule] })
export class FirstOperatorHintModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Platform');

  constructor(
    private readonly operators: OperatorsService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const hint = await this.hint();
    if (hint) this.logger.warn(hint);
  }

  /** The line, when it is due: in production, with no operator. */
  async hint(): Promise<string | null> {
    return this.config.production && (await this.operators.count()) === 0 ? FIRST_OPERATOR_HINT : null;
  }
}
