import { AccountLink } from '../auth/account-link.entity';
import { ApiToken } from '../auth/api-token.entity';
import { Session } from '../auth/session.entity';
import { Organization } from '../identity/organization.entity';
import { Position } from '../identity/position.entity';
import { RouteStep } from '../organizations/route-step.entity';
import { ActingAssignment } from '../organizations/acting-assignment.entity';
import { AuditEvent } from '../workflow/audit-event.entity';
import { DocumentRegister } from '../workflow/document-register.entity';
import { IdempotencyRecord } from '../workflow/idempotency-record.entity';
import { MemoReview } from '../workflow/memo-review.entity';
import { OutboxJob } from '../outbox/outbox-job.entity';
import { ItaItem } from '../organizations/ita-item.entity';
import { OrganizationCertificate } from '../organizations/organization-certificate.entity';
import { Publication } from '../publication/publication.entity';
import { RenderedDocument } from '../publication/rendered-document.entity';
import { User } from '../identity/user.entity';
import { Report } from '../reports/report.entity';
import { Memo } from '../memos/memo.entity';

export const ENTITIES = [
  Organization,
  Position,
  User,
  Session,
  ApiToken,
  Report,
  Memo,
  RouteStep,
  MemoReview,
  AuditEvent,
  OutboxJob,
  DocumentRegister,
  ActingAssignment,
  IdempotencyRecord,
  ItaItem,
  RenderedDocument,
  Publication,
  OrganizationCertificate,
  AccountLink,
];
