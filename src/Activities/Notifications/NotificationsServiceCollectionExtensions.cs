using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Directory;
using Polly;

namespace Orchestrator.Activities.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The notifier (<see cref="INotifier"/>), message templates, the people directory's resolvers, and the senders the
    /// outbox uses: SMTP (<c>Orchestrator:Smtp</c>) and Twilio (<c>Orchestrator:Twilio</c>), both validated at start.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDirectory();
        services.TryAddSingleton<MessageTemplates>();
        services.TryAddSingleton<INotifier, Notifier>();

        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.TryAddSingleton<SmtpEmailSender>();

        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>());
        services.AddHttpClient<TwilioClient>()
            .AddResilienceHandler("twilio", (pipeline, context) =>
            {
                var twilio = context.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value;
                if (twilio.MaxRetries == 0)
                {
                    return;
                }

                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = twilio.MaxRetries,
                    Delay = twilio.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException } => true,
                        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
                        _ => false,
                    }),
                });
            });
        return services;
    }
}
