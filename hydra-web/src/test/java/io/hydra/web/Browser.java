package io.hydra.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian chromium driven through /usr/bin/chromedriver, set explicitly so Selenium Manager
 * never tries to download a browser or driver. Waits are conditions with deadlines.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(45);

  final WebDriver driver;
  private final String base;
  private final Path profile;

  /** Skips the test without chromium, except under CI=true, where it must be there. */
  static void assumeAvailable() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(
          "browser tests need "
              + CHROMIUM
              + " and "
              + DRIVER
              + " (apt-get install chromium chromium-driver; .ci/run does)");
    }
    Assumptions.assumeTrue(
        present,
        "skipped: browser tests need "
            + CHROMIUM
            + " and "
            + DRIVER
            + " (apt-get install chromium chromium-driver)");
  }

  Browser(int port) {
    try {
      profile = Files.createTempDirectory("hydra-chromium");
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1280,800");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    base = "http://127.0.0.1:" + port;
  }

  void open(String path) {
    driver.get(base + path);
  }

  WebElement find(String css) {
    return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Live fragments are replaced under the test's feet: a stale element is looked up again. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /** The element's text, read again if a live refresh replaced the element meanwhile. */
  String text(String css) {
    return until(d -> d.findElement(By.cssSelector(css)).getText());
  }

  void awaitText(String css, String text) {
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  /** The text of the confirmation dialog the page opened, after accepting it. */
  String acceptConfirm() {
    Alert alert = until(ExpectedConditions.alertIsPresent());
    String text = alert.getText();
    alert.accept();
    return text;
  }

  Object script(String js) {
    return ((JavascriptExecutor) driver).executeScript(js);
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  void screenshot(String name) {
    Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    try {
      Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void signIn(String token) {
    driver.manage().deleteAllCookies();
    open("/login");
    find("#token").sendKeys(token);
    driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    // Signed in once the server has redirected away from the form: an h1 found before that may
    // be the login page's own, which the navigation then replaces under the driver.
    until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    find("h1");
  }

  @Override
  public void close() {
    driver.quit();
  }
}
