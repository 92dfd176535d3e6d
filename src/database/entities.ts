import { ApiToken } from '../auth/api-token.entity';
import { Session } from '../auth/session.entity';
import { Organization } from '../organizations/organization.entity';
import { Position } from '../organizations/position.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [Organization, Position, User, Session, ApiToken];
