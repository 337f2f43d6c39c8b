import TurnoutRedis

extension RedisError: RedisErrorMapping {
    var apiError: APIError {
        switch self {
        case .poolTimeout: return .unavailable("pool_exhausted", "redis pool exhausted, retry later")
        default: return .unavailable("redis_unavailable", "redis unavailable, retry later")
        }
    }
}
