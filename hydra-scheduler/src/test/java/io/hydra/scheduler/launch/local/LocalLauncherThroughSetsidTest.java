package io.hydra.scheduler.launch.local;

/**
 * Every launcher test again, with wrappers started the JDK's way through {@code setsid}: the way
 * taken where the C library lacks what posix_spawn needs, and the only one in which a wrapper sets
 * up its own group after the start returns.
 */
class LocalLauncherThroughSetsidTest extends LocalLauncherTest {

  @Override
  ProcessStarter starter() {
    return new JdkProcessStarter();
  }
}
