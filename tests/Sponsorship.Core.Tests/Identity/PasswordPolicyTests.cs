using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Identity;

/// <summary>The account hardening: PBKDF2 ≥ 210,000 iterations, length 12 without composition rules, lockout after 20 failures from anywhere (one source is stopped sooner, per address and account, in the web app).</summary>
public class PasswordPolicyTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Passwords_are_hashed_with_at_least_210000_PBKDF2_iterations()
    {
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "hash@example.com" };

        var hash = users.PasswordHasher.HashPassword(user, "correct horse battery staple");

        // Identity v3 format: 0x01, PRF (4 bytes, big-endian), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal((uint)KeyDerivationPrfSha512, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)));
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
        Assert.True(iterations >= 210_000, $"PBKDF2 iterations: {iterations}");
        Assert.Equal((uint)IdentitySettings.PasswordHashIterations, iterations);
        Assert.Equal(PasswordVerificationResult.Success, users.PasswordHasher.VerifyHashedPassword(user, hash, "correct horse battery staple"));
        Assert.Equal(PasswordVerificationResult.Failed, users.PasswordHasher.VerifyHashedPassword(user, hash, "correct horse battery stapl"));
    }

    [Fact]
    public async Task A_stored_password_hash_uses_the_hardened_settings()
    {
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = NewUser();
        Assert.True((await users.CreateAsync(user, "twelve chars")).Succeeded);

        var stored = await users.FindByIdAsync(user.Id);

        Assert.NotNull(stored?.PasswordHash);
        var bytes = Convert.FromBase64String(stored.PasswordHash);
        Assert.Equal(0x01, bytes[0]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)) >= 210_000);
    }

    [Theory]
    [InlineData("abcdefghijk", false)] // 11 characters
    [InlineData("abcdefghijkl", true)] // 12 lowercase letters: no composition rules
    [InlineData("aaaaaaaaaaaa", true)]
    [InlineData("我在草原有只羊，羊在草原上", true)]
    public async Task Passwords_need_12_characters_and_nothing_else(string password, bool accepted)
    {
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = NewUser();

        var result = await users.CreateAsync(user, password);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal(["PasswordTooShort"], result.Errors.Select(e => e.Code));
            Assert.Null(await users.FindByEmailAsync(user.Email!));
        }
    }

    [Fact]
    public async Task Twenty_failed_attempts_lock_the_account_for_15_minutes()
    {
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = NewUser();
        Assert.True((await users.CreateAsync(user, "a long enough password")).Succeeded);
        Assert.True(await users.GetLockoutEnabledAsync(user));

        for (var attempt = 1; attempt < IdentitySettings.MaxFailedAttempts; attempt++)
        {
            await users.AccessFailedAsync(user);
            Assert.False(await users.IsLockedOutAsync(user), $"Locked out after {attempt} failures.");
        }

        await users.AccessFailedAsync(user);

        Assert.True(await users.IsLockedOutAsync(user));
        // UserManager reads the system clock (not the injected TimeProvider) for lockouts.
        var end = await users.GetLockoutEndDateAsync(user);
        Assert.NotNull(end);
        Assert.InRange(end.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    // KeyDerivationPrf.HMACSHA512 in the v3 format header (Identity's default PRF since .NET 7).
    private const int KeyDerivationPrfSha512 = 2;

    private static ApplicationUser NewUser()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        return new ApplicationUser { UserName = email, Email = email, DisplayName = "测试 Test" };
    }
}
