import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { Organization } from '../identity/organization.entity';
import { User } from '../identity/user.entity';

export interface Me {
  id: string;
  displayName: string;
  organizationShortName: string;
  numerals: 'thai' | 'arabic';
  canAuthor: boolean;
  isReviewer: boolean;
  isWebmaster: boolean;
  isAdmin: boolean;
}

/** What every staff page shows about the signed-in person (navigation, name), and the CSRF token for its forms. */
@Injectable()
export class WebContext {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  organization(auth: AuthContext): Promise<Organization> {
    return this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId });
  }

  async hasSignature(auth: AuthContext): Promise<boolean> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: auth.userId });
    return Boolean(user.signatureType);
  }

  /** `organization`: the signed-in person's, when the page has read it already. */
  async of(auth: AuthContext, organization?: Organization): Promise<{ me: Me; csrfToken: string }> {
    const [user, own] = await Promise.all([
      this.dataSource.getRepository(User).findOneByOrFail({ id: auth.userId }),
      organization ?? this.organization(auth),
    ]);
    return {
      me: {
        id: user.id,
        displayName: user.displayName,
        organizationShortName: own.shortName,
        numerals: own.numerals,
        canAuthor: auth.roles.includes('author') || auth.roles.includes('admin'),
        isReviewer: auth.roles.includes('reviewer'),
        isWebmaster: auth.roles.includes('webmaster'),
        isAdmin: auth.roles.includes('admin'),
      },
      csrfToken: auth.csrfToken ?? '',
    };
  }
}

export interface OrganizationRef {
  slug: string;
}

/** Only local paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}
