import { ApiToken } from '../auth/api-token.entity';
import { Session } from '../auth/session.entity';
import { Organization } from '../organizations/organization.entity';
import { Position } from '../organizations/position.entity';
import { RouteStep } from '../organizations/route-step.entity';
import { User } from '../users/user.entity';
import { Report } from '../reports/report.entity';
import { Memo } from '../memos/memo.entity';

export const ENTITIES = [Organization, Position, User, Session, ApiToken, Report, Memo, RouteStep];
