using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Tests.Security;

public class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(iterations: 1_000);

    [Fact]
    public void Hash_ThenVerify_AcceptsOnlyThePassword()
    {
        var stored = _hasher.Hash("correct horse");

        Assert.True(PasswordHasher.Verify("correct horse", stored));
        Assert.False(PasswordHasher.Verify("correct hors", stored));
        Assert.StartsWith("pbkdf2-sha256$1000$", stored);
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesFreshSalts()
    {
        Assert.NotEqual(_hasher.Hash("same password"), _hasher.Hash("same password"));
    }

    [Fact]
    public void Verify_HashMadeWithOtherIterations_StillWorks()
    {
        var stored = new PasswordHasher(2_000).Hash("rounds differ");

        Assert.True(PasswordHasher.Verify("rounds differ", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("md5$abc")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    public void Verify_MalformedStoredHash_IsFalse(string stored)
    {
        Assert.False(PasswordHasher.Verify("anything", stored));
    }

    [Theory]
    [InlineData("", "a password is required")]
    [InlineData("seven77", "the password must have at least 8 characters")]
    [InlineData("eight888", null)]
    public void Problem_NewPassword_NamesWhatIsWrong(string password, string? expected)
    {
        Assert.Equal(expected, PasswordHasher.Problem(password));
    }
}
