// @ts-nocheck
/* eslint-disable */
// Generated from templates/*.hbs by generator/template-cache.ts (AUTHSPEC_UPDATE_GOLDEN=1 npx vitest run generator/template-cache.test.ts).
// Do not edit: a template whose hash does not match is compiled at run time instead.
export const PRECOMPILED = {
  "auth.py.hbs": {
    sha256: "8df5923958438349ec2fbf1b9fa5799a4e65f389bfad6d5664999d63df1fb63f",
    spec: {"0":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "# [Task]: "
    + ((stack1 = container.lambda(container.strict(depth0, "text", {"start":{"line":5,"column":12},"end":{"line":5,"column":21}} ), depth0)) != null ? stack1 : "")
    + "\n";
},"1":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "# [From]: "
    + ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"2":function(container,depth0,helpers,partials,data) {
    return "import logging\nimport os\n";
},"3":function(container,depth0,helpers,partials,data) {
    return "import logging\n";
},"4":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "JWKS_URL = "
    + ((stack1 = (lookupProperty(helpers,"py")||container.strict(depth0, "py", {"start":{"line":28,"column":13},"end":{"line":28,"column":15}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"jwksUrl"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":28,"column":11},"end":{"line":28,"column":25}}})) != null ? stack1 : "")
    + "\n";
},"5":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "# The HMAC secret is read from this environment variable on every request: never a literal, never a default.\nSECRET_ENV = "
    + ((stack1 = (lookupProperty(helpers,"py")||container.strict(depth0, "py", {"start":{"line":31,"column":15},"end":{"line":31,"column":17}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"secretEnv"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":31,"column":13},"end":{"line":31,"column":29}}})) != null ? stack1 : "")
    + "\n";
},"6":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = (lookupProperty(helpers,"py")||container.strict(depth0, "py", {"start":{"line":34,"column":25},"end":{"line":34,"column":27}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"issuer"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":34,"column":23},"end":{"line":34,"column":36}}})) != null ? stack1 : "");
},"7":function(container,depth0,helpers,partials,data) {
    return "None";
},"8":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = (lookupProperty(helpers,"py")||container.strict(depth0, "py", {"start":{"line":35,"column":29},"end":{"line":35,"column":31}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"audience"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":35,"column":27},"end":{"line":35,"column":42}}})) != null ? stack1 : "");
},"9":function(container,depth0,helpers,partials,data) {
    return "# Public keys are cached; an unknown `kid` (key rotation) triggers one re-fetch of the JWKS.\n_jwks_client = jwt.PyJWKClient(JWKS_URL, cache_keys=True)\n";
},"10":function(container,depth0,helpers,partials,data) {
    return "\n\ndef _secret() -> str:\n    try:\n        secret = os.environ[SECRET_ENV]\n    except KeyError:\n        secret = \"\"\n    if not secret:\n        # A server misconfiguration, not the client's fault: 500, and a log line naming the variable (never a value).\n        _log.error(\"%s is not set: cannot verify API tokens\", SECRET_ENV)\n        raise HTTPException(\n            status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,\n            detail=\"Token verification is not configured\",\n        )\n    return secret\n";
},"11":function(container,depth0,helpers,partials,data) {
    return "    key = _secret()\n";
},"12":function(container,depth0,helpers,partials,data) {
    return "        key = _jwks_client.get_signing_key_from_jwt(token).key\n";
},"13":function(container,depth0,helpers,partials,data) {
    return "    except jwt.PyJWKClientError as err:\n        # Unknown kid, no kid (e.g. `alg: none`) or the JWKS could not be fetched: the error names no token data.\n        _log.warning(\"JWT signing key unavailable: %s\", err)\n        raise _unauthorized(\"Invalid token\") from None\n";
},"compiler":[8,">= 4.3.0"],"main":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=container.strict, alias2=depth0 != null ? depth0 : (container.nullContext || {}), alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "# Code generated by authspec "
    + ((stack1 = (((helper = lookupProperty(helpers,"version") || alias1(depth0, "version", {"start":{"line":1,"column":31},"end":{"line":1,"column":38}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"version","hash":{},"data":data,"loc":{"start":{"line":1,"column":29},"end":{"line":1,"column":40}}}) : helper))) != null ? stack1 : "")
    + " from "
    + ((stack1 = (((helper = lookupProperty(helpers,"specFile") || alias1(depth0, "specFile", {"start":{"line":1,"column":48},"end":{"line":1,"column":56}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"specFile","hash":{},"data":data,"loc":{"start":{"line":1,"column":46},"end":{"line":1,"column":58}}}) : helper))) != null ? stack1 : "")
    + ". DO NOT EDIT.\n# Edit the spec and run `authspec generate`; `authspec generate --check` reports hand edits.\n# inputs-sha256: "
    + ((stack1 = (((helper = lookupProperty(helpers,"inputsHash") || alias1(depth0, "inputsHash", {"start":{"line":3,"column":19},"end":{"line":3,"column":29}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"inputsHash","hash":{},"data":data,"loc":{"start":{"line":3,"column":17},"end":{"line":3,"column":31}}}) : helper))) != null ? stack1 : "")
    + "\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"verificationTasks"),{"name":"each","hash":{},"fn":container.program(0, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":4,"column":0},"end":{"line":6,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"verificationReqs"),{"name":"each","hash":{},"fn":container.program(1, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":7,"column":0},"end":{"line":9,"column":9}}})) != null ? stack1 : "")
    + "\"\"\"Stateless JWT verification for the API ("
    + ((stack1 = (((helper = lookupProperty(helpers,"mode") || alias1(depth0, "mode", {"start":{"line":10,"column":45},"end":{"line":10,"column":49}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"mode","hash":{},"data":data,"loc":{"start":{"line":10,"column":43},"end":{"line":10,"column":51}}}) : helper))) != null ? stack1 : "")
    + " mode).\n\n`get_current_user_id` is the FastAPI dependency that every protected route uses: it reads the\n`Authorization: Bearer <jwt>` header, verifies the token and returns the user id from the\n`"
    + ((stack1 = (lookupProperty(helpers,"comment")||alias1(depth0, "comment", {"start":{"line":14,"column":3},"end":{"line":14,"column":10}} )).call(alias2,lookupProperty(depth0,"userIdClaim"),{"name":"comment","hash":{},"data":data,"loc":{"start":{"line":14,"column":1},"end":{"line":14,"column":24}}})) != null ? stack1 : "")
    + "` claim. It never touches the database and never logs the token.\n\"\"\"\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"sharedSecret"),{"name":"if","hash":{},"fn":container.program(2, data, 0),"inverse":container.program(3, data, 0),"data":data,"loc":{"start":{"line":16,"column":0},"end":{"line":21,"column":7}}})) != null ? stack1 : "")
    + "\nimport jwt\nfrom fastapi import Depends, HTTPException, status\nfrom fastapi.security import HTTPAuthorizationCredentials, HTTPBearer\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(4, data, 0),"inverse":container.program(5, data, 0),"data":data,"loc":{"start":{"line":27,"column":0},"end":{"line":32,"column":7}}})) != null ? stack1 : "")
    + "ALGORITHMS = "
    + ((stack1 = (lookupProperty(helpers,"pyList")||alias1(depth0, "pyList", {"start":{"line":33,"column":15},"end":{"line":33,"column":21}} )).call(alias2,lookupProperty(depth0,"algorithms"),{"name":"pyList","hash":{},"data":data,"loc":{"start":{"line":33,"column":13},"end":{"line":33,"column":34}}})) != null ? stack1 : "")
    + "\nISSUER = "
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"issuer"),{"name":"if","hash":{},"fn":container.program(6, data, 0),"inverse":container.program(7, data, 0),"data":data,"loc":{"start":{"line":34,"column":9},"end":{"line":34,"column":55}}})) != null ? stack1 : "")
    + "\nAUDIENCE = "
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"audience"),{"name":"if","hash":{},"fn":container.program(8, data, 0),"inverse":container.program(7, data, 0),"data":data,"loc":{"start":{"line":35,"column":11},"end":{"line":35,"column":61}}})) != null ? stack1 : "")
    + "\nREQUIRED_CLAIMS = "
    + ((stack1 = (lookupProperty(helpers,"pyList")||alias1(depth0, "pyList", {"start":{"line":36,"column":20},"end":{"line":36,"column":26}} )).call(alias2,lookupProperty(depth0,"requiredClaims"),{"name":"pyList","hash":{},"data":data,"loc":{"start":{"line":36,"column":18},"end":{"line":36,"column":43}}})) != null ? stack1 : "")
    + "\nUSER_ID_CLAIM = "
    + ((stack1 = (lookupProperty(helpers,"py")||alias1(depth0, "py", {"start":{"line":37,"column":18},"end":{"line":37,"column":20}} )).call(alias2,lookupProperty(depth0,"userIdClaim"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":37,"column":16},"end":{"line":37,"column":34}}})) != null ? stack1 : "")
    + "\nLEEWAY_SECONDS = "
    + ((stack1 = (((helper = lookupProperty(helpers,"leeway") || alias1(depth0, "leeway", {"start":{"line":38,"column":19},"end":{"line":38,"column":25}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"leeway","hash":{},"data":data,"loc":{"start":{"line":38,"column":17},"end":{"line":38,"column":27}}}) : helper))) != null ? stack1 : "")
    + "\n\n_log = logging.getLogger(__name__)\n\n# auto_error=False: FastAPI before 0.122 answers a missing header with 403; we answer 401 ourselves.\n_bearer = HTTPBearer(auto_error=False)\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(9, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":44,"column":0},"end":{"line":47,"column":7}}})) != null ? stack1 : "")
    + "\n\ndef _unauthorized(detail: str) -> HTTPException:\n    return HTTPException(\n        status_code=status.HTTP_401_UNAUTHORIZED,\n        detail=detail,\n        headers={\"WWW-Authenticate\": \"Bearer\"},\n    )\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"sharedSecret"),{"name":"if","hash":{},"fn":container.program(10, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":56,"column":0},"end":{"line":72,"column":7}}})) != null ? stack1 : "")
    + "\n\ndef get_current_user_id(\n    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),\n) -> str:\n    \"\"\"Verifies the bearer token and returns the authenticated user's id (401 otherwise).\"\"\"\n    if credentials is None or credentials.scheme.lower() != \"bearer\" or not credentials.credentials:\n        raise _unauthorized(\"Not authenticated\")\n    token = credentials.credentials\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"sharedSecret"),{"name":"if","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":82,"column":0},"end":{"line":84,"column":7}}})) != null ? stack1 : "")
    + "    try:\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(12, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":86,"column":0},"end":{"line":88,"column":7}}})) != null ? stack1 : "")
    + "        claims = jwt.decode(\n            token,\n            key,\n            algorithms=ALGORITHMS,\n            issuer=ISSUER,\n            audience=AUDIENCE,\n            leeway=LEEWAY_SECONDS,\n            options={\"require\": REQUIRED_CLAIMS, \"verify_signature\": True, \"verify_exp\": True},\n        )\n    except jwt.ExpiredSignatureError:\n        raise _unauthorized(\"Token expired\") from None\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(13, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":100,"column":0},"end":{"line":105,"column":7}}})) != null ? stack1 : "")
    + "    except jwt.PyJWTError:\n        raise _unauthorized(\"Invalid token\") from None\n    user_id = claims.get(USER_ID_CLAIM)\n    if not isinstance(user_id, str) or not user_id:\n        raise _unauthorized(\"Invalid token\")\n    return user_id\n\n\ndef require_path_user(\n    user_id: str,\n    current_user_id: str = Depends(get_current_user_id),\n) -> str:\n    \"\"\"For routes under `/{user_id}/...`: the path's user must be the token's user (403 otherwise).\"\"\"\n    if user_id != current_user_id:\n        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=\"Forbidden\")\n    return current_user_id\n";
},"useData":true},
  },
  "router.py.hbs": {
    sha256: "923b40d02cd24f108c33c39b7687a645ce8f9724469a9ec1585e55fc7abe74d9",
    spec: {"0":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "# [Task]: "
    + ((stack1 = container.lambda(container.strict(depth0, "text", {"start":{"line":5,"column":12},"end":{"line":5,"column":21}} ), depth0)) != null ? stack1 : "")
    + "\n";
},"1":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "# [From]: "
    + ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"2":function(container,depth0,helpers,partials,data) {
    return "from datetime import datetime\n\n";
},"3":function(container,depth0,helpers,partials,data) {
    return "require_path_user";
},"4":function(container,depth0,helpers,partials,data) {
    return "get_current_user_id";
},"5":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\n\nclass "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depth0,"resource"), "model", {"start":{"line":30,"column":8},"end":{"line":30,"column":22}} ), depth0)) != null ? stack1 : "")
    + "Create(SQLModel):\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(lookupProperty(depth0,"resource"),"fields"),{"name":"each","hash":{},"fn":container.program(6, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":31,"column":0},"end":{"line":37,"column":9}}})) != null ? stack1 : "");
},"6":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = lookupProperty(helpers,"if").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"optional"),{"name":"if","hash":{},"fn":container.program(7, data, 0),"inverse":container.program(8, data, 0),"data":data,"loc":{"start":{"line":32,"column":0},"end":{"line":36,"column":7}}})) != null ? stack1 : "");
},"7":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda;

  return "    "
    + ((stack1 = alias2(alias1(depth0, "name", {"start":{"line":33,"column":6},"end":{"line":33,"column":15}} ), depth0)) != null ? stack1 : "")
    + ": "
    + ((stack1 = alias2(alias1(depth0, "pyOpt", {"start":{"line":33,"column":21},"end":{"line":33,"column":31}} ), depth0)) != null ? stack1 : "")
    + " = None\n";
},"8":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda;

  return "    "
    + ((stack1 = alias2(alias1(depth0, "name", {"start":{"line":35,"column":6},"end":{"line":35,"column":15}} ), depth0)) != null ? stack1 : "")
    + ": "
    + ((stack1 = alias2(alias1(depth0, "py", {"start":{"line":35,"column":21},"end":{"line":35,"column":28}} ), depth0)) != null ? stack1 : "")
    + "\n";
},"9":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\n\nclass "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depth0,"resource"), "model", {"start":{"line":42,"column":8},"end":{"line":42,"column":22}} ), depth0)) != null ? stack1 : "")
    + "Update(SQLModel):\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(lookupProperty(depth0,"resource"),"fields"),{"name":"each","hash":{},"fn":container.program(7, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":43,"column":0},"end":{"line":45,"column":9}}})) != null ? stack1 : "");
},"10":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\n\ndef _get_owned(session: Session, user_id: str, item_id: int) -> "
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":50,"column":66},"end":{"line":50,"column":80}} ), depth0)) != null ? stack1 : "")
    + ":\n    item = session.exec(\n        select("
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":52,"column":17},"end":{"line":52,"column":31}} ), depth0)) != null ? stack1 : "")
    + ").where("
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":52,"column":43},"end":{"line":52,"column":57}} ), depth0)) != null ? stack1 : "")
    + ".id == item_id, "
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":52,"column":77},"end":{"line":52,"column":91}} ), depth0)) != null ? stack1 : "")
    + "."
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "owner", {"start":{"line":52,"column":96},"end":{"line":52,"column":110}} ), depth0)) != null ? stack1 : "")
    + " == user_id)\n    ).first()\n    if item is None:\n"
    + ((stack1 = lookupProperty(helpers,"if").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(lookupProperty(depth0,"resource"),"foreign403"),{"name":"if","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":55,"column":0},"end":{"line":62,"column":7}}})) != null ? stack1 : "")
    + "        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=\"Not found\")\n    return item\n";
},"11":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "        # Another user's item is refused with 403 (the spec's foreignAccess); this probe reads only\n        # whether the id exists, nothing of the item, so no other user's data can leak.\n        # authspec-ignore user-scoped-query: existence probe for the spec's 403, returns no data\n        exists = session.exec(select("
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":59,"column":39},"end":{"line":59,"column":53}} ), depth0)) != null ? stack1 : "")
    + ".id).where("
    + ((stack1 = alias2(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":59,"column":68},"end":{"line":59,"column":82}} ), depth0)) != null ? stack1 : "")
    + ".id == item_id)).first()\n        if exists is not None:\n            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=\"Forbidden\")\n";
},"12":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\n\n# "
    + ((stack1 = alias2(alias1(depth0, "feature", {"start":{"line":69,"column":4},"end":{"line":69,"column":16}} ), depth0)) != null ? stack1 : "")
    + ": "
    + ((stack1 = alias2(alias1(depth0, "method", {"start":{"line":69,"column":22},"end":{"line":69,"column":33}} ), depth0)) != null ? stack1 : "")
    + " "
    + ((stack1 = (lookupProperty(helpers,"comment")||alias1(depth0, "comment", {"start":{"line":69,"column":38},"end":{"line":69,"column":45}} )).call(alias3,lookupProperty(lookupProperty(depths[1],"resource"),"path"),{"name":"comment","hash":{},"data":data,"loc":{"start":{"line":69,"column":36},"end":{"line":69,"column":64}}})) != null ? stack1 : "")
    + ((stack1 = alias2(alias1(depth0, "suffix", {"start":{"line":69,"column":66},"end":{"line":69,"column":77}} ), depth0)) != null ? stack1 : "")
    + "\n@router."
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":70,"column":15},"end":{"line":70,"column":17}} )).call(alias3,lookupProperty(depth0,"method"),"GET",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":70,"column":14},"end":{"line":70,"column":36}}}),{"name":"if","hash":{},"fn":container.program(13, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":70,"column":8},"end":{"line":70,"column":48}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":70,"column":55},"end":{"line":70,"column":57}} )).call(alias3,lookupProperty(depth0,"method"),"POST",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":70,"column":54},"end":{"line":70,"column":77}}}),{"name":"if","hash":{},"fn":container.program(14, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":70,"column":48},"end":{"line":70,"column":90}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":70,"column":97},"end":{"line":70,"column":99}} )).call(alias3,lookupProperty(depth0,"method"),"PUT",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":70,"column":96},"end":{"line":70,"column":118}}}),{"name":"if","hash":{},"fn":container.program(15, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":70,"column":90},"end":{"line":70,"column":130}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":70,"column":137},"end":{"line":70,"column":139}} )).call(alias3,lookupProperty(depth0,"method"),"PATCH",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":70,"column":136},"end":{"line":70,"column":160}}}),{"name":"if","hash":{},"fn":container.program(16, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":70,"column":130},"end":{"line":70,"column":174}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":70,"column":181},"end":{"line":70,"column":183}} )).call(alias3,lookupProperty(depth0,"method"),"DELETE",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":70,"column":180},"end":{"line":70,"column":205}}}),{"name":"if","hash":{},"fn":container.program(17, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":70,"column":174},"end":{"line":70,"column":220}}})) != null ? stack1 : "")
    + "("
    + ((stack1 = (lookupProperty(helpers,"py")||alias1(depth0, "py", {"start":{"line":70,"column":223},"end":{"line":70,"column":225}} )).call(alias3,lookupProperty(depth0,"suffix"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":70,"column":221},"end":{"line":70,"column":239}}})) != null ? stack1 : "")
    + ", status_code="
    + ((stack1 = alias2(alias1(depth0, "status", {"start":{"line":70,"column":255},"end":{"line":70,"column":266}} ), depth0)) != null ? stack1 : "")
    + ")\ndef "
    + ((stack1 = alias2(alias1(depth0, "pyName", {"start":{"line":71,"column":6},"end":{"line":71,"column":17}} ), depth0)) != null ? stack1 : "")
    + "(\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depth0,"item"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":72,"column":0},"end":{"line":74,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":75,"column":7},"end":{"line":75,"column":9}} )).call(alias3,lookupProperty(depth0,"body"),"create",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":75,"column":6},"end":{"line":75,"column":29}}}),{"name":"if","hash":{},"fn":container.program(19, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":75,"column":0},"end":{"line":77,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":78,"column":7},"end":{"line":78,"column":9}} )).call(alias3,lookupProperty(depth0,"body"),"update",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":78,"column":6},"end":{"line":78,"column":29}}}),{"name":"if","hash":{},"fn":container.program(20, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":78,"column":0},"end":{"line":80,"column":7}}})) != null ? stack1 : "")
    + "    user_id: str = Depends("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(lookupProperty(depths[1],"resource"),"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(3, data, 0, blockParams, depths),"inverse":container.program(4, data, 0, blockParams, depths),"data":data,"loc":{"start":{"line":81,"column":27},"end":{"line":81,"column":111}}})) != null ? stack1 : "")
    + "),\n    session: Session = Depends("
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "sessionFn", {"start":{"line":82,"column":33},"end":{"line":82,"column":54}} ), depth0)) != null ? stack1 : "")
    + "),\n)"
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":83,"column":8},"end":{"line":83,"column":10}} )).call(alias3,lookupProperty(depth0,"op"),"list",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":83,"column":7},"end":{"line":83,"column":26}}}),{"name":"if","hash":{},"fn":container.program(21, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":83,"column":1},"end":{"line":85,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":85,"column":14},"end":{"line":85,"column":16}} )).call(alias3,lookupProperty(depth0,"op"),"create",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":85,"column":13},"end":{"line":85,"column":34}}}),{"name":"if","hash":{},"fn":container.program(22, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":85,"column":7},"end":{"line":91,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":91,"column":14},"end":{"line":91,"column":16}} )).call(alias3,lookupProperty(depth0,"op"),"read",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":91,"column":13},"end":{"line":91,"column":32}}}),{"name":"if","hash":{},"fn":container.program(23, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":91,"column":7},"end":{"line":93,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":93,"column":14},"end":{"line":93,"column":16}} )).call(alias3,lookupProperty(depth0,"op"),"update",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":93,"column":13},"end":{"line":93,"column":34}}}),{"name":"if","hash":{},"fn":container.program(24, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":93,"column":7},"end":{"line":101,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":101,"column":14},"end":{"line":101,"column":16}} )).call(alias3,lookupProperty(depth0,"op"),"delete",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":101,"column":13},"end":{"line":101,"column":34}}}),{"name":"if","hash":{},"fn":container.program(25, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":101,"column":7},"end":{"line":106,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":106,"column":14},"end":{"line":106,"column":16}} )).call(alias3,lookupProperty(depth0,"op"),"complete",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":106,"column":13},"end":{"line":106,"column":36}}}),{"name":"if","hash":{},"fn":container.program(26, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":106,"column":7},"end":{"line":113,"column":7}}})) != null ? stack1 : "");
},"13":function(container,depth0,helpers,partials,data) {
    return "get";
},"14":function(container,depth0,helpers,partials,data) {
    return "post";
},"15":function(container,depth0,helpers,partials,data) {
    return "put";
},"16":function(container,depth0,helpers,partials,data) {
    return "patch";
},"17":function(container,depth0,helpers,partials,data) {
    return "delete";
},"18":function(container,depth0,helpers,partials,data) {
    return "    item_id: int,\n";
},"19":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "    body: "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depths[1],"resource"), "model", {"start":{"line":76,"column":12},"end":{"line":76,"column":29}} ), depth0)) != null ? stack1 : "")
    + "Create,\n";
},"20":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "    body: "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depths[1],"resource"), "model", {"start":{"line":79,"column":12},"end":{"line":79,"column":29}} ), depth0)) != null ? stack1 : "")
    + "Update,\n";
},"21":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return " -> list["
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "model", {"start":{"line":83,"column":39},"end":{"line":83,"column":56}} ), depth0)) != null ? stack1 : "")
    + "]:\n    return list(session.exec(select("
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "model", {"start":{"line":84,"column":38},"end":{"line":84,"column":55}} ), depth0)) != null ? stack1 : "")
    + ").where("
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "model", {"start":{"line":84,"column":67},"end":{"line":84,"column":84}} ), depth0)) != null ? stack1 : "")
    + "."
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "owner", {"start":{"line":84,"column":89},"end":{"line":84,"column":106}} ), depth0)) != null ? stack1 : "")
    + " == user_id)).all())\n";
},"22":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return " -> "
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "model", {"start":{"line":85,"column":42},"end":{"line":85,"column":59}} ), depth0)) != null ? stack1 : "")
    + ":\n    item = "
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "model", {"start":{"line":86,"column":13},"end":{"line":86,"column":30}} ), depth0)) != null ? stack1 : "")
    + "(**body.dict(exclude_unset=True), "
    + ((stack1 = alias2(alias1(lookupProperty(depths[1],"resource"), "owner", {"start":{"line":86,"column":68},"end":{"line":86,"column":85}} ), depth0)) != null ? stack1 : "")
    + "=user_id)\n    session.add(item)\n    session.commit()\n    session.refresh(item)\n    return item\n";
},"23":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return " -> "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depths[1],"resource"), "model", {"start":{"line":91,"column":40},"end":{"line":91,"column":57}} ), depth0)) != null ? stack1 : "")
    + ":\n    return _get_owned(session, user_id, item_id)\n";
},"24":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return " -> "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depths[1],"resource"), "model", {"start":{"line":93,"column":42},"end":{"line":93,"column":59}} ), depth0)) != null ? stack1 : "")
    + ":\n    item = _get_owned(session, user_id, item_id)\n    for name, value in body.dict(exclude_unset=True).items():\n        setattr(item, name, value)\n    session.add(item)\n    session.commit()\n    session.refresh(item)\n    return item\n";
},"25":function(container,depth0,helpers,partials,data) {
    return " -> Response:\n    item = _get_owned(session, user_id, item_id)\n    session.delete(item)\n    session.commit()\n    return Response(status_code=status.HTTP_204_NO_CONTENT)\n";
},"26":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return " -> "
    + ((stack1 = container.lambda(container.strict(lookupProperty(depths[1],"resource"), "model", {"start":{"line":106,"column":44},"end":{"line":106,"column":61}} ), depth0)) != null ? stack1 : "")
    + ":\n    item = _get_owned(session, user_id, item_id)\n    item.completed = not item.completed\n    session.add(item)\n    session.commit()\n    session.refresh(item)\n    return item\n";
},"compiler":[8,">= 4.3.0"],"main":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, helper, alias1=container.strict, alias2=depth0 != null ? depth0 : (container.nullContext || {}), alias3="function", alias4=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "# Code generated by authspec "
    + ((stack1 = (((helper = lookupProperty(helpers,"version") || alias1(depth0, "version", {"start":{"line":1,"column":31},"end":{"line":1,"column":38}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"version","hash":{},"data":data,"loc":{"start":{"line":1,"column":29},"end":{"line":1,"column":40}}}) : helper))) != null ? stack1 : "")
    + " from "
    + ((stack1 = (((helper = lookupProperty(helpers,"specFile") || alias1(depth0, "specFile", {"start":{"line":1,"column":48},"end":{"line":1,"column":56}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"specFile","hash":{},"data":data,"loc":{"start":{"line":1,"column":46},"end":{"line":1,"column":58}}}) : helper))) != null ? stack1 : "")
    + ". DO NOT EDIT.\n# Edit the spec and run `authspec generate`; `authspec generate --check` reports hand edits.\n# inputs-sha256: "
    + ((stack1 = (((helper = lookupProperty(helpers,"inputsHash") || alias1(depth0, "inputsHash", {"start":{"line":3,"column":19},"end":{"line":3,"column":29}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"inputsHash","hash":{},"data":data,"loc":{"start":{"line":3,"column":17},"end":{"line":3,"column":31}}}) : helper))) != null ? stack1 : "")
    + "\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"tasks"),{"name":"each","hash":{},"fn":container.program(0, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":4,"column":0},"end":{"line":6,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"requirements"),{"name":"each","hash":{},"fn":container.program(1, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":7,"column":0},"end":{"line":9,"column":9}}})) != null ? stack1 : "")
    + "\"\"\""
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":10,"column":5},"end":{"line":10,"column":19}} ), depth0)) != null ? stack1 : "")
    + " routes, scoped to the authenticated user.\n\nEvery query filters on `"
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":12,"column":26},"end":{"line":12,"column":40}} ), depth0)) != null ? stack1 : "")
    + "."
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "owner", {"start":{"line":12,"column":45},"end":{"line":12,"column":59}} ), depth0)) != null ? stack1 : "")
    + " == user_id`, where `user_id` comes from the verified\ntoken; another user's item is answered with "
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "foreignAccess", {"start":{"line":13,"column":46},"end":{"line":13,"column":68}} ), depth0)) != null ? stack1 : "")
    + ".\n\"\"\"\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"needsDatetime"),{"name":"if","hash":{},"fn":container.program(2, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":15,"column":0},"end":{"line":18,"column":7}}})) != null ? stack1 : "")
    + "from fastapi import APIRouter, Depends, HTTPException, Response, status\nfrom sqlmodel import Session, SQLModel, select\n\nfrom "
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "authModule", {"start":{"line":22,"column":7},"end":{"line":22,"column":26}} ), depth0)) != null ? stack1 : "")
    + " import "
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(3, data, 0, blockParams, depths),"inverse":container.program(4, data, 0, blockParams, depths),"data":data,"loc":{"start":{"line":22,"column":36},"end":{"line":22,"column":117}}})) != null ? stack1 : "")
    + "\nfrom "
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "modelsModule", {"start":{"line":23,"column":7},"end":{"line":23,"column":28}} ), depth0)) != null ? stack1 : "")
    + " import "
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "model", {"start":{"line":23,"column":40},"end":{"line":23,"column":54}} ), depth0)) != null ? stack1 : "")
    + "\nfrom "
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "sessionModule", {"start":{"line":24,"column":7},"end":{"line":24,"column":29}} ), depth0)) != null ? stack1 : "")
    + " import "
    + ((stack1 = alias4(alias1(lookupProperty(depth0,"resource"), "sessionFn", {"start":{"line":24,"column":41},"end":{"line":24,"column":59}} ), depth0)) != null ? stack1 : "")
    + "\n\nrouter = APIRouter(prefix="
    + ((stack1 = (lookupProperty(helpers,"py")||alias1(depth0, "py", {"start":{"line":26,"column":28},"end":{"line":26,"column":30}} )).call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"path"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":26,"column":26},"end":{"line":26,"column":46}}})) != null ? stack1 : "")
    + ", tags=["
    + ((stack1 = (lookupProperty(helpers,"py")||alias1(depth0, "py", {"start":{"line":26,"column":56},"end":{"line":26,"column":58}} )).call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"name"),{"name":"py","hash":{},"data":data,"loc":{"start":{"line":26,"column":54},"end":{"line":26,"column":74}}})) != null ? stack1 : "")
    + "])\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"hasCreate"),{"name":"if","hash":{},"fn":container.program(5, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":27,"column":0},"end":{"line":38,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"hasUpdate"),{"name":"if","hash":{},"fn":container.program(9, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":39,"column":0},"end":{"line":46,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"needsItemQuery"),{"name":"if","hash":{},"fn":container.program(10, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":47,"column":0},"end":{"line":65,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(lookupProperty(depth0,"resource"),"operations"),{"name":"each","hash":{},"fn":container.program(12, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":66,"column":0},"end":{"line":114,"column":9}}})) != null ? stack1 : "");
},"useData":true,"useDepths":true},
  },
  "api.ts.hbs": {
    sha256: "0d020762ace373159d5c2590b2b3864ceb217cd89a66d51161fcf6a50d42e18a",
    spec: {"0":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "// [Task]: "
    + ((stack1 = container.lambda(container.strict(depth0, "text", {"start":{"line":5,"column":13},"end":{"line":5,"column":22}} ), depth0)) != null ? stack1 : "")
    + "\n";
},"1":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "// [From]: "
    + ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"2":function(container,depth0,helpers,partials,data) {
    return " * the JWT comes from Better Auth (`authClient.token()`, jwtClient plugin) and is cached until shortly\n * before it expires. Tokens are kept in memory only, never in localStorage.\n";
},"3":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return " * the JWT comes from this app's token route ("
    + ((stack1 = (lookupProperty(helpers,"comment")||container.strict(depth0, "comment", {"start":{"line":16,"column":48},"end":{"line":16,"column":55}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"tokenUrl"),{"name":"comment","hash":{},"data":data,"loc":{"start":{"line":16,"column":46},"end":{"line":16,"column":66}}})) != null ? stack1 : "")
    + "), which checks the Better Auth session\n * and signs a short-lived HS256 token; it is cached in memory until shortly before it expires.\n";
},"4":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "import { authClient } from "
    + ((stack1 = (lookupProperty(helpers,"ts")||container.strict(depth0, "ts", {"start":{"line":22,"column":29},"end":{"line":22,"column":31}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"authClientModule"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":22,"column":27},"end":{"line":22,"column":50}}})) != null ? stack1 : "")
    + ";\n";
},"5":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\n/** "
    + ((stack1 = alias2(alias1(depth0, "model", {"start":{"line":26,"column":6},"end":{"line":26,"column":16}} ), depth0)) != null ? stack1 : "")
    + " as the API returns it. */\nexport interface "
    + ((stack1 = alias2(alias1(depth0, "model", {"start":{"line":27,"column":19},"end":{"line":27,"column":29}} ), depth0)) != null ? stack1 : "")
    + " {\n  id: number;\n  "
    + ((stack1 = alias2(alias1(depth0, "owner", {"start":{"line":29,"column":4},"end":{"line":29,"column":14}} ), depth0)) != null ? stack1 : "")
    + ": string;\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias3,lookupProperty(depth0,"fields"),{"name":"each","hash":{},"fn":container.program(6, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":30,"column":0},"end":{"line":32,"column":9}}})) != null ? stack1 : "")
    + "}\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depth0,"hasCreate"),{"name":"if","hash":{},"fn":container.program(7, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":34,"column":0},"end":{"line":45,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depth0,"hasUpdate"),{"name":"if","hash":{},"fn":container.program(10, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":46,"column":0},"end":{"line":53,"column":7}}})) != null ? stack1 : "");
},"6":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda;

  return "  "
    + ((stack1 = alias2(alias1(depth0, "name", {"start":{"line":31,"column":4},"end":{"line":31,"column":13}} ), depth0)) != null ? stack1 : "")
    + ": "
    + ((stack1 = alias2(alias1(depth0, "ts", {"start":{"line":31,"column":19},"end":{"line":31,"column":26}} ), depth0)) != null ? stack1 : "")
    + ";\n";
},"7":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\nexport interface "
    + ((stack1 = container.lambda(container.strict(depth0, "model", {"start":{"line":36,"column":19},"end":{"line":36,"column":29}} ), depth0)) != null ? stack1 : "")
    + "Create {\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"fields"),{"name":"each","hash":{},"fn":container.program(8, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":37,"column":0},"end":{"line":43,"column":9}}})) != null ? stack1 : "")
    + "}\n";
},"8":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = lookupProperty(helpers,"if").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"optional"),{"name":"if","hash":{},"fn":container.program(9, data, 0),"inverse":container.program(6, data, 0),"data":data,"loc":{"start":{"line":38,"column":0},"end":{"line":42,"column":7}}})) != null ? stack1 : "");
},"9":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=container.lambda;

  return "  "
    + ((stack1 = alias2(alias1(depth0, "name", {"start":{"line":39,"column":4},"end":{"line":39,"column":13}} ), depth0)) != null ? stack1 : "")
    + "?: "
    + ((stack1 = alias2(alias1(depth0, "ts", {"start":{"line":39,"column":20},"end":{"line":39,"column":27}} ), depth0)) != null ? stack1 : "")
    + ";\n";
},"10":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\nexport interface "
    + ((stack1 = container.lambda(container.strict(depth0, "model", {"start":{"line":48,"column":19},"end":{"line":48,"column":29}} ), depth0)) != null ? stack1 : "")
    + "Update {\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"fields"),{"name":"each","hash":{},"fn":container.program(9, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":49,"column":0},"end":{"line":51,"column":9}}})) != null ? stack1 : "")
    + "}\n";
},"11":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "/** The route handler that mints the API token after checking the Better Auth session. */\nexport const TOKEN_URL = "
    + ((stack1 = (lookupProperty(helpers,"ts")||container.strict(depth0, "ts", {"start":{"line":85,"column":27},"end":{"line":85,"column":29}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"tokenUrl"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":85,"column":25},"end":{"line":85,"column":40}}})) != null ? stack1 : "")
    + ";\n";
},"12":function(container,depth0,helpers,partials,data) {
    return "  const { data, error } = await authClient.token();\n  if (error || !data?.token) throw new UnauthorizedError(\"Not signed in\");\n  return data.token;\n";
},"13":function(container,depth0,helpers,partials,data) {
    return "  const res = await fetch(TOKEN_URL, { credentials: \"same-origin\", cache: \"no-store\" });\n  if (res.status === 401) throw new UnauthorizedError(\"Not signed in\");\n  if (!res.ok) throw new ApiError(res.status, `Token request failed with ${res.status}`);\n  const body = (await res.json()) as { token?: unknown };\n  if (typeof body.token !== \"string\") throw new ApiError(res.status, \"Token response without a token\");\n  return body.token;\n";
},"14":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\nfunction "
    + ((stack1 = alias2(alias1(depth0, "name", {"start":{"line":176,"column":11},"end":{"line":176,"column":20}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depth0,"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(15, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":176,"column":27},"end":{"line":176,"column":74}}})) != null ? stack1 : "")
    + "): string {\n  return "
    + ((stack1 = alias2(alias1(depth0, "tsPath", {"start":{"line":177,"column":12},"end":{"line":177,"column":23}} ), depth0)) != null ? stack1 : "")
    + ";\n}\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias3,lookupProperty(depth0,"operations"),{"name":"each","hash":{},"fn":container.program(16, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":179,"column":0},"end":{"line":212,"column":9}}})) != null ? stack1 : "");
},"15":function(container,depth0,helpers,partials,data) {
    return "userId: string";
},"16":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\n/** "
    + ((stack1 = alias2(alias1(depth0, "feature", {"start":{"line":181,"column":6},"end":{"line":181,"column":18}} ), depth0)) != null ? stack1 : "")
    + ": "
    + ((stack1 = alias2(alias1(depth0, "method", {"start":{"line":181,"column":24},"end":{"line":181,"column":35}} ), depth0)) != null ? stack1 : "")
    + " "
    + ((stack1 = (lookupProperty(helpers,"comment")||alias1(depth0, "comment", {"start":{"line":181,"column":40},"end":{"line":181,"column":47}} )).call(alias3,lookupProperty(depths[1],"path"),{"name":"comment","hash":{},"data":data,"loc":{"start":{"line":181,"column":38},"end":{"line":181,"column":57}}})) != null ? stack1 : "")
    + ((stack1 = alias2(alias1(depth0, "suffix", {"start":{"line":181,"column":59},"end":{"line":181,"column":70}} ), depth0)) != null ? stack1 : "")
    + " */\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":182,"column":7},"end":{"line":182,"column":9}} )).call(alias3,lookupProperty(depth0,"op"),"list",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":182,"column":6},"end":{"line":182,"column":25}}}),{"name":"if","hash":{},"fn":container.program(17, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":182,"column":0},"end":{"line":186,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":187,"column":7},"end":{"line":187,"column":9}} )).call(alias3,lookupProperty(depth0,"op"),"create",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":187,"column":6},"end":{"line":187,"column":27}}}),{"name":"if","hash":{},"fn":container.program(19, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":187,"column":0},"end":{"line":191,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":192,"column":7},"end":{"line":192,"column":9}} )).call(alias3,lookupProperty(depth0,"op"),"read",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":192,"column":6},"end":{"line":192,"column":25}}}),{"name":"if","hash":{},"fn":container.program(21, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":192,"column":0},"end":{"line":196,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":197,"column":7},"end":{"line":197,"column":9}} )).call(alias3,lookupProperty(depth0,"op"),"update",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":197,"column":6},"end":{"line":197,"column":27}}}),{"name":"if","hash":{},"fn":container.program(22, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":197,"column":0},"end":{"line":201,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":202,"column":7},"end":{"line":202,"column":9}} )).call(alias3,lookupProperty(depth0,"op"),"delete",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":202,"column":6},"end":{"line":202,"column":27}}}),{"name":"if","hash":{},"fn":container.program(23, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":202,"column":0},"end":{"line":206,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,(lookupProperty(helpers,"eq")||alias1(depth0, "eq", {"start":{"line":207,"column":7},"end":{"line":207,"column":9}} )).call(alias3,lookupProperty(depth0,"op"),"complete",{"name":"eq","hash":{},"data":data,"loc":{"start":{"line":207,"column":6},"end":{"line":207,"column":29}}}),{"name":"if","hash":{},"fn":container.program(24, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":207,"column":0},"end":{"line":211,"column":7}}})) != null ? stack1 : "");
},"17":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "export function "
    + ((stack1 = alias2(alias1(depth0, "tsName", {"start":{"line":183,"column":18},"end":{"line":183,"column":29}} ), depth0)) != null ? stack1 : "")
    + "("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(15, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":183,"column":32},"end":{"line":183,"column":77}}})) != null ? stack1 : "")
    + "): Promise<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":183,"column":90},"end":{"line":183,"column":98}} ), depth0)) != null ? stack1 : "")
    + "[]> {\n  return request<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":184,"column":19},"end":{"line":184,"column":27}} ), depth0)) != null ? stack1 : "")
    + "[]>(\"GET\", "
    + ((stack1 = alias2(alias1(depths[1], "name", {"start":{"line":184,"column":42},"end":{"line":184,"column":49}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":184,"column":56},"end":{"line":184,"column":93}}})) != null ? stack1 : "")
    + "));\n}\n";
},"18":function(container,depth0,helpers,partials,data) {
    return "userId";
},"19":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "export function "
    + ((stack1 = alias2(alias1(depth0, "tsName", {"start":{"line":188,"column":18},"end":{"line":188,"column":29}} ), depth0)) != null ? stack1 : "")
    + "("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(20, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":188,"column":32},"end":{"line":188,"column":79}}})) != null ? stack1 : "")
    + "input: "
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":188,"column":88},"end":{"line":188,"column":96}} ), depth0)) != null ? stack1 : "")
    + "Create): Promise<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":188,"column":117},"end":{"line":188,"column":125}} ), depth0)) != null ? stack1 : "")
    + "> {\n  return request<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":189,"column":19},"end":{"line":189,"column":27}} ), depth0)) != null ? stack1 : "")
    + ">(\"POST\", "
    + ((stack1 = alias2(alias1(depths[1], "name", {"start":{"line":189,"column":41},"end":{"line":189,"column":48}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":189,"column":55},"end":{"line":189,"column":92}}})) != null ? stack1 : "")
    + "), input);\n}\n";
},"20":function(container,depth0,helpers,partials,data) {
    return "userId: string, ";
},"21":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "export function "
    + ((stack1 = alias2(alias1(depth0, "tsName", {"start":{"line":193,"column":18},"end":{"line":193,"column":29}} ), depth0)) != null ? stack1 : "")
    + "("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(20, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":193,"column":32},"end":{"line":193,"column":79}}})) != null ? stack1 : "")
    + "id: number): Promise<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":193,"column":102},"end":{"line":193,"column":110}} ), depth0)) != null ? stack1 : "")
    + "> {\n  return request<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":194,"column":19},"end":{"line":194,"column":27}} ), depth0)) != null ? stack1 : "")
    + ">(\"GET\", `${"
    + ((stack1 = alias2(alias1(depths[1], "name", {"start":{"line":194,"column":45},"end":{"line":194,"column":52}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":194,"column":59},"end":{"line":194,"column":96}}})) != null ? stack1 : "")
    + ")}/${id}`);\n}\n";
},"22":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "export function "
    + ((stack1 = alias2(alias1(depth0, "tsName", {"start":{"line":198,"column":18},"end":{"line":198,"column":29}} ), depth0)) != null ? stack1 : "")
    + "("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(20, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":198,"column":32},"end":{"line":198,"column":79}}})) != null ? stack1 : "")
    + "id: number, input: "
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":198,"column":100},"end":{"line":198,"column":108}} ), depth0)) != null ? stack1 : "")
    + "Update): Promise<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":198,"column":129},"end":{"line":198,"column":137}} ), depth0)) != null ? stack1 : "")
    + "> {\n  return request<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":199,"column":19},"end":{"line":199,"column":27}} ), depth0)) != null ? stack1 : "")
    + ">(\"PUT\", `${"
    + ((stack1 = alias2(alias1(depths[1], "name", {"start":{"line":199,"column":45},"end":{"line":199,"column":52}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":199,"column":59},"end":{"line":199,"column":96}}})) != null ? stack1 : "")
    + ")}/${id}`, input);\n}\n";
},"23":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "export function "
    + ((stack1 = alias2(alias1(depth0, "tsName", {"start":{"line":203,"column":18},"end":{"line":203,"column":29}} ), depth0)) != null ? stack1 : "")
    + "("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(20, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":203,"column":32},"end":{"line":203,"column":79}}})) != null ? stack1 : "")
    + "id: number): Promise<void> {\n  return request<void>(\"DELETE\", `${"
    + ((stack1 = alias2(alias1(depths[1], "name", {"start":{"line":204,"column":40},"end":{"line":204,"column":47}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":204,"column":54},"end":{"line":204,"column":91}}})) != null ? stack1 : "")
    + ")}/${id}`);\n}\n";
},"24":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, alias1=container.strict, alias2=container.lambda, alias3=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "export function "
    + ((stack1 = alias2(alias1(depth0, "tsName", {"start":{"line":208,"column":18},"end":{"line":208,"column":29}} ), depth0)) != null ? stack1 : "")
    + "("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(20, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":208,"column":32},"end":{"line":208,"column":79}}})) != null ? stack1 : "")
    + "id: number): Promise<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":208,"column":102},"end":{"line":208,"column":110}} ), depth0)) != null ? stack1 : "")
    + "> {\n  return request<"
    + ((stack1 = alias2(alias1(depths[1], "model", {"start":{"line":209,"column":19},"end":{"line":209,"column":27}} ), depth0)) != null ? stack1 : "")
    + ">(\"PATCH\", `${"
    + ((stack1 = alias2(alias1(depths[1], "name", {"start":{"line":209,"column":47},"end":{"line":209,"column":54}} ), depth0)) != null ? stack1 : "")
    + "Path("
    + ((stack1 = lookupProperty(helpers,"if").call(alias3,lookupProperty(depths[1],"hasUserInPath"),{"name":"if","hash":{},"fn":container.program(18, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":209,"column":61},"end":{"line":209,"column":98}}})) != null ? stack1 : "")
    + ")}/${id}/complete`);\n}\n";
},"compiler":[8,">= 4.3.0"],"main":function(container,depth0,helpers,partials,data,blockParams,depths) {
    var stack1, helper, alias1=container.strict, alias2=depth0 != null ? depth0 : (container.nullContext || {}), alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "// Code generated by authspec "
    + ((stack1 = (((helper = lookupProperty(helpers,"version") || alias1(depth0, "version", {"start":{"line":1,"column":32},"end":{"line":1,"column":39}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"version","hash":{},"data":data,"loc":{"start":{"line":1,"column":30},"end":{"line":1,"column":41}}}) : helper))) != null ? stack1 : "")
    + " from "
    + ((stack1 = (((helper = lookupProperty(helpers,"specFile") || alias1(depth0, "specFile", {"start":{"line":1,"column":49},"end":{"line":1,"column":57}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"specFile","hash":{},"data":data,"loc":{"start":{"line":1,"column":47},"end":{"line":1,"column":59}}}) : helper))) != null ? stack1 : "")
    + ". DO NOT EDIT.\n// Edit the spec and run `authspec generate`; `authspec generate --check` reports hand edits.\n// inputs-sha256: "
    + ((stack1 = (((helper = lookupProperty(helpers,"inputsHash") || alias1(depth0, "inputsHash", {"start":{"line":3,"column":20},"end":{"line":3,"column":30}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"inputsHash","hash":{},"data":data,"loc":{"start":{"line":3,"column":18},"end":{"line":3,"column":32}}}) : helper))) != null ? stack1 : "")
    + "\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"clientTasks"),{"name":"each","hash":{},"fn":container.program(0, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":4,"column":0},"end":{"line":6,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"clientReqs"),{"name":"each","hash":{},"fn":container.program(1, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":7,"column":0},"end":{"line":9,"column":9}}})) != null ? stack1 : "")
    + "/**\n * Typed client for the API. Every request carries `Authorization: Bearer <jwt>`;\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(2, data, 0, blockParams, depths),"inverse":container.program(3, data, 0, blockParams, depths),"data":data,"loc":{"start":{"line":12,"column":0},"end":{"line":18,"column":7}}})) != null ? stack1 : "")
    + " * HTTP errors become ApiError; a 401 is an UnauthorizedError (sign in again).\n */\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(4, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":21,"column":0},"end":{"line":23,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"resources"),{"name":"each","hash":{},"fn":container.program(5, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":24,"column":0},"end":{"line":54,"column":9}}})) != null ? stack1 : "")
    + "\n/** An HTTP error from the API. `isUnauthorized` (status 401) means: sign in again. */\nexport class ApiError extends Error {\n  readonly status: number;\n  readonly detail: unknown;\n\n  constructor(status: number, message: string, detail: unknown = null) {\n    super(message);\n    this.name = \"ApiError\";\n    this.status = status;\n    this.detail = detail;\n  }\n\n  get isUnauthorized(): boolean {\n    return this.status === 401;\n  }\n}\n\n/** 401: there is no session, or the API refused the token. */\nexport class UnauthorizedError extends ApiError {\n  constructor(message: string, detail: unknown = null) {\n    super(401, message, detail);\n    this.name = \"UnauthorizedError\";\n  }\n}\n\n/** A cached token is renewed this long before its `exp`. */\nconst REFRESH_MARGIN_MS = 30_000;\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"sharedSecret"),{"name":"if","hash":{},"fn":container.program(11, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":83,"column":0},"end":{"line":86,"column":7}}})) != null ? stack1 : "")
    + "\nlet cached: { token: string; expiresAt: number } | null = null;\nlet pending: Promise<string> | null = null;\n\n/** `exp` of a JWT in milliseconds, read without verifying (the API verifies); 0 when absent. */\nfunction expiresAt(token: string): number {\n  const part = token.split(\".\")[1];\n  if (!part) return 0;\n  try {\n    const base64 = part.replace(/-/g, \"+\").replace(/_/g, \"/\");\n    const payload = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, \"=\"))) as { exp?: unknown };\n    return typeof payload.exp === \"number\" ? payload.exp * 1000 : 0;\n  } catch {\n    return 0;\n  }\n}\n\nasync function fetchToken(): Promise<string> {\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"jwks"),{"name":"if","hash":{},"fn":container.program(12, data, 0, blockParams, depths),"inverse":container.program(13, data, 0, blockParams, depths),"data":data,"loc":{"start":{"line":105,"column":0},"end":{"line":116,"column":7}}})) != null ? stack1 : "")
    + "}\n\n/** The current API token: cached until shortly before `exp`, one request at a time. */\nexport async function getToken(): Promise<string> {\n  if (cached && Date.now() < cached.expiresAt - REFRESH_MARGIN_MS) return cached.token;\n  pending ??= fetchToken()\n    .then((token) => {\n      cached = { token, expiresAt: expiresAt(token) };\n      return token;\n    })\n    .finally(() => {\n      pending = null;\n    });\n  return pending;\n}\n\n/** Forgets the cached token (call on sign-out). */\nexport function clearToken(): void {\n  cached = null;\n}\n\nfunction baseUrl(): string {\n  const url = process.env."
    + ((stack1 = (((helper = lookupProperty(helpers,"apiBaseUrlEnv") || alias1(depth0, "apiBaseUrlEnv", {"start":{"line":139,"column":28},"end":{"line":139,"column":41}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"apiBaseUrlEnv","hash":{},"data":data,"loc":{"start":{"line":139,"column":26},"end":{"line":139,"column":43}}}) : helper))) != null ? stack1 : "")
    + ";\n  if (!url) throw new Error("
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":140,"column":30},"end":{"line":140,"column":32}} )).call(alias2,lookupProperty(depth0,"apiBaseUrlEnv"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":140,"column":28},"end":{"line":140,"column":48}}})) != null ? stack1 : "")
    + " + \" is not set\");\n  return url.replace(/\\/+$/, \"\");\n}\n\nasync function request<T>(method: string, path: string, body?: unknown): Promise<T> {\n  const token = await getToken();\n  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: \"application/json\" };\n  if (body !== undefined) headers[\"Content-Type\"] = \"application/json\";\n  const res = await fetch(baseUrl() + path, {\n    method,\n    headers,\n    cache: \"no-store\",\n    ...(body === undefined ? {} : { body: JSON.stringify(body) }),\n  });\n  if (!res.ok) {\n    let detail: unknown = null;\n    try {\n      detail = await res.json();\n    } catch {\n      detail = null;\n    }\n    const message =\n      typeof detail === \"object\" && detail !== null && \"detail\" in detail && typeof detail.detail === \"string\"\n        ? detail.detail\n        : `${method} ${path} failed with ${res.status}`;\n    if (res.status === 401) {\n      clearToken();\n      throw new UnauthorizedError(message, detail);\n    }\n    throw new ApiError(res.status, message, detail);\n  }\n  if (res.status === 204) return undefined as T;\n  return (await res.json()) as T;\n}\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"resources"),{"name":"each","hash":{},"fn":container.program(14, data, 0, blockParams, depths),"inverse":container.noop,"data":data,"loc":{"start":{"line":174,"column":0},"end":{"line":213,"column":9}}})) != null ? stack1 : "");
},"useData":true,"useDepths":true},
  },
  "token-route.ts.hbs": {
    sha256: "3ce301aea9b9476cd0f6be34985a19e1ffbecb2b6c2d0b09b1df4c1ac80aed68",
    spec: {"0":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "// [Task]: "
    + ((stack1 = container.lambda(container.strict(depth0, "text", {"start":{"line":5,"column":13},"end":{"line":5,"column":22}} ), depth0)) != null ? stack1 : "")
    + "\n";
},"1":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "// [From]: "
    + ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"2":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = (lookupProperty(helpers,"ts")||container.strict(depth0, "ts", {"start":{"line":22,"column":46},"end":{"line":22,"column":48}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"issuer"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":22,"column":44},"end":{"line":22,"column":57}}})) != null ? stack1 : "");
},"3":function(container,depth0,helpers,partials,data) {
    return "null";
},"4":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = (lookupProperty(helpers,"ts")||container.strict(depth0, "ts", {"start":{"line":23,"column":50},"end":{"line":23,"column":52}} )).call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"audience"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":23,"column":48},"end":{"line":23,"column":63}}})) != null ? stack1 : "");
},"5":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "  const user = session.user as unknown as Record<string, unknown>;\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),lookupProperty(depth0,"extraClaims"),{"name":"each","hash":{},"fn":container.program(6, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":49,"column":0},"end":{"line":51,"column":9}}})) != null ? stack1 : "");
},"6":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.strict, alias2=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "  claims["
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":50,"column":11},"end":{"line":50,"column":13}} )).call(alias2,depth0,{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":50,"column":9},"end":{"line":50,"column":20}}})) != null ? stack1 : "")
    + "] = user["
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":50,"column":31},"end":{"line":50,"column":33}} )).call(alias2,depth0,{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":50,"column":29},"end":{"line":50,"column":40}}})) != null ? stack1 : "")
    + "];\n";
},"compiler":[8,">= 4.3.0"],"main":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=container.strict, alias2=depth0 != null ? depth0 : (container.nullContext || {}), alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "// Code generated by authspec "
    + ((stack1 = (((helper = lookupProperty(helpers,"version") || alias1(depth0, "version", {"start":{"line":1,"column":32},"end":{"line":1,"column":39}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"version","hash":{},"data":data,"loc":{"start":{"line":1,"column":30},"end":{"line":1,"column":41}}}) : helper))) != null ? stack1 : "")
    + " from "
    + ((stack1 = (((helper = lookupProperty(helpers,"specFile") || alias1(depth0, "specFile", {"start":{"line":1,"column":49},"end":{"line":1,"column":57}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"specFile","hash":{},"data":data,"loc":{"start":{"line":1,"column":47},"end":{"line":1,"column":59}}}) : helper))) != null ? stack1 : "")
    + ". DO NOT EDIT.\n// Edit the spec and run `authspec generate`; `authspec generate --check` reports hand edits.\n// inputs-sha256: "
    + ((stack1 = (((helper = lookupProperty(helpers,"inputsHash") || alias1(depth0, "inputsHash", {"start":{"line":3,"column":20},"end":{"line":3,"column":30}} ))),(typeof helper === alias3 ? helper.call(alias2,{"name":"inputsHash","hash":{},"data":data,"loc":{"start":{"line":3,"column":18},"end":{"line":3,"column":32}}}) : helper))) != null ? stack1 : "")
    + "\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"verificationTasks"),{"name":"each","hash":{},"fn":container.program(0, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":4,"column":0},"end":{"line":6,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,lookupProperty(depth0,"verificationReqs"),{"name":"each","hash":{},"fn":container.program(1, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":7,"column":0},"end":{"line":9,"column":9}}})) != null ? stack1 : "")
    + "/**\n * GET "
    + ((stack1 = (lookupProperty(helpers,"comment")||alias1(depth0, "comment", {"start":{"line":11,"column":9},"end":{"line":11,"column":16}} )).call(alias2,lookupProperty(depth0,"tokenUrl"),{"name":"comment","hash":{},"data":data,"loc":{"start":{"line":11,"column":7},"end":{"line":11,"column":27}}})) != null ? stack1 : "")
    + ": mints a short-lived HS256 API token for the signed-in user (shared-secret mode).\n *\n * Better Auth has no HS256 tokens of its own, so this route checks the Better Auth session on the server\n * and signs the token with the secret in "
    + ((stack1 = (lookupProperty(helpers,"comment")||alias1(depth0, "comment", {"start":{"line":14,"column":44},"end":{"line":14,"column":51}} )).call(alias2,lookupProperty(depth0,"secretEnv"),{"name":"comment","hash":{},"data":data,"loc":{"start":{"line":14,"column":42},"end":{"line":14,"column":63}}})) != null ? stack1 : "")
    + ", which the API verifies. The backend therefore\n * holds that secret too: a leak lets anyone forge tokens. Keep it out of logs and out of the browser.\n */\nimport { SignJWT } from \"jose\";\nimport { auth } from "
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":18,"column":23},"end":{"line":18,"column":25}} )).call(alias2,lookupProperty(depth0,"authServerModule"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":18,"column":21},"end":{"line":18,"column":44}}})) != null ? stack1 : "")
    + ";\n\nconst SECRET_ENV = "
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":20,"column":21},"end":{"line":20,"column":23}} )).call(alias2,lookupProperty(depth0,"secretEnv"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":20,"column":19},"end":{"line":20,"column":35}}})) != null ? stack1 : "")
    + ";\nconst ALGORITHM = "
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":21,"column":20},"end":{"line":21,"column":22}} )).call(alias2,lookupProperty(helpers,"lookup").call(alias2,lookupProperty(depth0,"algorithms"),0,{"name":"lookup","hash":{},"data":data,"loc":{"start":{"line":21,"column":23},"end":{"line":21,"column":44}}}),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":21,"column":18},"end":{"line":21,"column":46}}})) != null ? stack1 : "")
    + ";\nconst ISSUER: string | null = "
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"issuer"),{"name":"if","hash":{},"fn":container.program(2, data, 0),"inverse":container.program(3, data, 0),"data":data,"loc":{"start":{"line":22,"column":30},"end":{"line":22,"column":76}}})) != null ? stack1 : "")
    + ";\nconst AUDIENCE: string | null = "
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(depth0,"audience"),{"name":"if","hash":{},"fn":container.program(4, data, 0),"inverse":container.program(3, data, 0),"data":data,"loc":{"start":{"line":23,"column":32},"end":{"line":23,"column":82}}})) != null ? stack1 : "")
    + ";\nconst USER_ID_CLAIM = "
    + ((stack1 = (lookupProperty(helpers,"ts")||alias1(depth0, "ts", {"start":{"line":24,"column":24},"end":{"line":24,"column":26}} )).call(alias2,lookupProperty(depth0,"userIdClaim"),{"name":"ts","hash":{},"data":data,"loc":{"start":{"line":24,"column":22},"end":{"line":24,"column":40}}})) != null ? stack1 : "")
    + ";\n/** Lifetime of a token; the client renews it shortly before it expires. */\nconst TTL = \"15m\";\n\nconst noStore = { \"Cache-Control\": \"no-store\" };\n\nexport async function GET(request: Request): Promise<Response> {\n  const session = await auth.api.getSession({ headers: request.headers });\n  if (!session) {\n    return new Response(JSON.stringify({ error: \"Not signed in\" }), {\n      status: 401,\n      headers: { ...noStore, \"Content-Type\": \"application/json\" },\n    });\n  }\n  const secret = process.env[SECRET_ENV];\n  if (!secret) {\n    console.error(`${SECRET_ENV} is not set: cannot mint API tokens`);\n    return new Response(JSON.stringify({ error: \"Token signing is not configured\" }), {\n      status: 500,\n      headers: { ...noStore, \"Content-Type\": \"application/json\" },\n    });\n  }\n  const claims: Record<string, unknown> = { [USER_ID_CLAIM]: session.user.id };\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,lookupProperty(lookupProperty(depth0,"extraClaims"),"length"),{"name":"if","hash":{},"fn":container.program(5, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":47,"column":0},"end":{"line":52,"column":7}}})) != null ? stack1 : "")
    + "  let jwt = new SignJWT(claims)\n    .setProtectedHeader({ alg: ALGORITHM, typ: \"JWT\" })\n    .setSubject(session.user.id)\n    .setIssuedAt()\n    .setExpirationTime(TTL);\n  if (ISSUER !== null) jwt = jwt.setIssuer(ISSUER);\n  if (AUDIENCE !== null) jwt = jwt.setAudience(AUDIENCE);\n  const token = await jwt.sign(new TextEncoder().encode(secret));\n  return new Response(JSON.stringify({ token }), {\n    status: 200,\n    headers: { ...noStore, \"Content-Type\": \"application/json\" },\n  });\n}\n";
},"useData":true},
  },
};
