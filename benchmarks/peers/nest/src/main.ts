// A peer for benchmarks/http-load.sh: NestJS + express-session + connect-redis + Passport (local
// strategy and session), the stack sessionauth's seed was written in, set up as its documentation
// shows. POST /auth/login signs in; GET /auth/profile answers {"id":1,"username":"ada"} for the
// session cookie, the session read from Redis and the user deserialized on every request. A
// benchmark peer, not a deployment: one user, kept in memory, with a plain-text password.
import 'reflect-metadata';
import { Controller, Get, Post, Req, UseGuards, Injectable, CanActivate, ExecutionContext, Module, HttpCode } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import session from 'express-session';
import passport from 'passport';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';

const users = new Map<number, { id: number; username: string; password: string }>([[1, { id: 1, username: 'ada', password: 'correct-horse' }]]);

@Injectable()
class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string) {
    const user = [...users.values()].find((u) => u.username === username && u.password === password);
    return user ? { id: user.id, username: user.username } : false;
  }
}

@Injectable()
class LoginGuard extends AuthGuard('local') {
  async canActivate(context: ExecutionContext) {
    const ok = (await super.canActivate(context)) as boolean;
    await super.logIn(context.switchToHttp().getRequest());
    return ok;
  }
}

@Injectable()
class AuthenticatedGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    return context.switchToHttp().getRequest().isAuthenticated();
  }
}

@Controller()
class AppController {
  @Get('ping') ping() { return 'pong'; }
  @Post('auth/login') @HttpCode(200) @UseGuards(LoginGuard) login(@Req() req: any) { return req.user; }
  @Get('auth/profile') @UseGuards(AuthenticatedGuard) profile(@Req() req: any) { return { id: req.user.id, username: req.user.username }; }
}

@Module({ imports: [PassportModule.register({ session: true })], controllers: [AppController], providers: [LocalStrategy] })
class AppModule {}

async function bootstrap() {
  const client = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
  await client.connect();
  passport.serializeUser((user: any, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    const u = users.get(id);
    done(null, u ? { id: u.id, username: u.username } : false);
  });
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.use(session({
    store: new RedisStore({ client, prefix: process.env.PEER_PREFIX || 'peer-nest:' }),
    secret: 'http-load-benchmark-secret-0123456789abcdef',
    resave: false, saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: false, maxAge: 30 * 60 * 1000 },
  }));
  app.use(passport.initialize());
  app.use(passport.session());
  await app.listen(Number(process.env.PORT || 18090), '127.0.0.1');
}
bootstrap();
